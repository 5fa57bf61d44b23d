import {
  decideTemplate,
  evolveTemplate,
  type Policy,
  type StandardChangeTemplateCommand,
  type StandardChangeTemplateEvent,
  type StandardChangeTemplateState,
  type TemplateCommandMeta,
} from '@change-ledger/domain';
import { type GlobalPosition, retryOnConflict } from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { PolicyInForce } from '../policy-in-force';
import { type Clock, CLOCK, type RequestContext } from '../request-context';
import { StandardChangeTemplateRepository } from './standard-change-template.repository';

export interface TemplateOutcome {
  templateId: string;
  state: StandardChangeTemplateState;
  events: StandardChangeTemplateEvent[];
  /** Where the events landed in the global order (a read model can wait for it); null if none. */
  position: GlobalPosition | null;
}

export type TemplateCommandFor = (
  meta: TemplateCommandMeta,
  policy: Policy,
) => StandardChangeTemplateCommand;

const ATTEMPTS = 5;

/**
 * A template command decided the way a change request's is (ChangeRequestDecisions): load the
 * stream, decide, append at the revision read; when another writer got there first (two CAB
 * members at once), decide again on the new state.
 */
@Injectable()
export class StandardChangeTemplateDecisions {
  constructor(
    private readonly repository: StandardChangeTemplateRepository,
    private readonly policy: PolicyInForce,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async decide(
    templateId: string,
    context: RequestContext,
    commandFor: TemplateCommandFor,
  ): Promise<TemplateOutcome> {
    const at = this.clock.now().toISOString();
    const command = commandFor({ templateId, actor: context.actor, at }, this.policy.policy);
    return retryOnConflict(ATTEMPTS, async () => {
      const loaded = await this.repository.load(templateId);
      const events = decideTemplate(command, loaded.state);
      const state = events.reduce(evolveTemplate, loaded.state);
      if (events.length === 0) return { templateId, state, events, position: null };
      const result = await this.repository.append(templateId, events, loaded.revision, context);
      return { templateId, state, events, position: result.position };
    });
  }
}
