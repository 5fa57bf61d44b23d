import { type Actor } from '../../change-request/change-request.model';
import { type Policy } from '../../policy/policy';
import { type StandardChangeTemplateCommand } from '../standard-change-template.commands';
import { decideTemplate, rehydrateTemplate } from '../standard-change-template.decider';
import { StandardChangeTemplateError } from '../standard-change-template.errors';
import { refusalOf } from '../../testing/refusal';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import {
  type StandardChangeTemplate,
  type StandardTemplatesInForce,
} from '../standard-change-template.model';

/**
 * Given / when / then for the template specs, like the change request's (`testing/specs.ts`):
 * `givenTemplate(steps)` are the events earlier commands recorded, `whenTemplate` what a command
 * records on top of them, `templateRefusal` the code and kind it is refused with.
 */
export type TemplateStep = [
  Actor,
  (meta: StandardChangeTemplateCommand['meta']) => StandardChangeTemplateCommand,
];

let clock = Date.parse('2026-03-02T09:00:00Z');
const tick = () => new Date((clock += 60_000)).toISOString();

export function givenTemplate(id: string, ...steps: TemplateStep[]): StandardChangeTemplateEvent[] {
  return steps.reduce<StandardChangeTemplateEvent[]>(
    (events, [actor, make]) => [
      ...events,
      ...decideTemplate(make({ templateId: id, actor, at: tick() }), rehydrateTemplate(events)),
    ],
    [],
  );
}

export function whenTemplate(
  id: string,
  history: StandardChangeTemplateEvent[],
  [actor, make]: TemplateStep,
): StandardChangeTemplateEvent[] {
  return decideTemplate(make({ templateId: id, actor, at: tick() }), rehydrateTemplate(history));
}

export function templateRefusal(
  id: string,
  history: StandardChangeTemplateEvent[],
  step: TemplateStep,
): { code: string; kind: string } {
  return refusalOf(StandardChangeTemplateError, () => whenTemplate(id, history, step));
}

export const templateAfter = (events: StandardChangeTemplateEvent[]) =>
  rehydrateTemplate(events) as StandardChangeTemplate;

const system: Actor = { id: 'change-ledger', kind: 'service', roles: [] };

/** The policy's catalogue adopted as version 1 of each template, as the ledger seeds it. */
export function catalogueOf(policy: Policy): StandardTemplatesInForce {
  return Object.fromEntries(
    policy.standardChangeCatalogue.map((entry) => [
      entry.id,
      templateAfter(
        givenTemplate(entry.id, [
          system,
          (meta) => ({ type: 'AdoptStandardChangeTemplate', data: { entry, policy }, meta }),
        ]),
      ),
    ]),
  );
}
