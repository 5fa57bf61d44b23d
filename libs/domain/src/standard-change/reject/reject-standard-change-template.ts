import { text } from '../../change-request/guards';
import { type RejectStandardChangeTemplate } from '../standard-change-template.commands';
import { asTemplateInput, refuseTemplate } from '../standard-change-template.errors';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import { type StandardChangeTemplateState } from '../standard-change-template.model';
import { cabMemberStep } from '../template-roles';

/**
 * A CAB member turns down a proposed version, with the reason; the version in force (if any)
 * stays. A suspended template's re-approval is not rejected: the CAB retires it or proposes a
 * version that answers what went wrong.
 */
export function rejectTemplate(
  command: RejectStandardChangeTemplate,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  const { actor, templateId, at } = command.meta;
  const { template, role } = cabMemberStep(command, state, 'reject');
  if (!template.proposal) {
    throw refuseTemplate.conflict(
      'STANDARD_CHANGE_TEMPLATE.NOTHING_TO_REJECT',
      `Template ${templateId} has no proposed version to reject${template.suspension ? '; a suspended template is re-approved, revised or retired' : ''}`,
      { id: templateId, status: template.status },
    );
  }
  return [
    {
      type: 'StandardChangeTemplateProposalRejected',
      data: {
        templateId,
        by: actor.id,
        at,
        version: template.proposal.version,
        role,
        reason: asTemplateInput(() => text('reason', command.data.reason)),
      },
    },
  ];
}
