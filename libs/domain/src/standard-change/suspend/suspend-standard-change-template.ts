import { type SuspendStandardChangeTemplate } from '../standard-change-template.commands';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import { type StandardChangeTemplateState } from '../standard-change-template.model';
import { requiredOf } from '../template-roles';

/**
 * An instance was rolled back or caused an incident: the template pre-approves nothing until the
 * CAB re-approves it (or approves a new version). The ledger sends this itself (the suspension
 * watcher), once per instance: an instance already counted, a retired template or one with no
 * version in force records nothing. A second failure while suspended starts the re-approval over.
 */
export function suspendTemplate(
  command: SuspendStandardChangeTemplate,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  const { actor, templateId, at } = command.meta;
  const { changeRequestId, reason, detail, policy } = command.data;
  if (state.status === 'absent' || state.status === 'retired' || state.current === null) return [];
  if (state.suspendedFor.includes(changeRequestId)) return [];
  return [
    {
      type: 'StandardChangeTemplateSuspended',
      data: {
        templateId,
        by: actor.id,
        at,
        version: state.current.version,
        changeRequestId,
        reason,
        detail,
        requiredApprovals: requiredOf(policy.standardChanges.templateApprovers),
      },
    },
  ];
}
