import { text } from '../../change-request/guards';
import { type RetireStandardChangeTemplate } from '../standard-change-template.commands';
import { asTemplateInput } from '../standard-change-template.errors';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import { type StandardChangeTemplateState } from '../standard-change-template.model';
import { cabMemberStep } from '../template-roles';

/**
 * A CAB member retires a template for good: it pre-approves nothing from then on. One member is
 * enough, as it only takes a pre-approval away; its history stays.
 */
export function retireTemplate(
  command: RetireStandardChangeTemplate,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  const { actor, templateId, at } = command.meta;
  const { role } = cabMemberStep(command, state, 'retire');
  return [
    {
      type: 'StandardChangeTemplateRetired',
      data: {
        templateId,
        by: actor.id,
        at,
        role,
        reason: asTemplateInput(() => text('reason', command.data.reason)),
      },
    },
  ];
}
