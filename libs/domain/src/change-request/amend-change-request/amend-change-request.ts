import { requiredApprovals } from '../../policy/policy';
import { type AmendChangeRequest, type ContentInput } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeContent, type ChangeRequestState } from '../change-request.model';
import { amendmentVoidsApprovals } from '../approval-invariant';
import { normaliseContent, sameValue, toInput } from '../change-content';
import { documentationMet } from '../deadlines';
import { AFTER_IMPLEMENTATION, AMENDABLE, existing, requireStatus, stampOf } from '../lifecycle';
import { requireRequesterOrChangeManager } from '../separation-of-duties';
import { judgeStandardChange } from '../standard-template';

/**
 * A new version of the content. An approval applies to the content it saw, so approvals given so
 * far are voided and the change awaits approval again — except when the amendment documents an
 * emergency change (SOC-EMERG-24H: documented after the fact), which keeps its approvals and what they
 * were required by (approval-invariant.ts says which fields document).
 */
export function amend(
  command: AmendChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const isEmergency = change.emergency !== null;
  requireStatus(change, 'amend', isEmergency ? [...AMENDABLE, ...AFTER_IMPLEMENTATION] : AMENDABLE);
  requireRequesterOrChangeManager(change, command.meta.actor, 'amend');
  const { changes, policy } = command.data;
  const standardTemplates = command.data.standardTemplates ?? {};
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw refuse.invalid('changes', 'must be an object of the fields to amend');
  }
  // A plan once written is amended, never removed: the gates and the emergency record need it.
  if ('rollbackPlan' in changes && changes.rollbackPlan === null) {
    throw refuse.invalid('rollback_plan', 'cannot be removed; amend it instead');
  }
  if (changes.category !== undefined && changes.category !== change.content.category) {
    throw refuse.invalid(
      'category',
      'cannot change once requested; cancel it and file a new change request',
    );
  }
  const content = normaliseContent(
    { ...toInput(change.content), ...changes },
    policy,
    change.content.category,
    standardTemplates,
  );
  const changedFields = (Object.keys(changes) as Array<keyof ContentInput>).filter(
    (field) =>
      !sameValue(
        content[field as keyof ChangeContent],
        change.content[field as keyof ChangeContent],
      ),
  );
  if (changedFields.length === 0) return [];
  // A pre-approved standard change stays approved through an amendment (evolve), so what it
  // becomes must still fit its template: else cancel it and file a normal change.
  if (content.category === 'standard' && change.status !== 'draft') {
    const verdict = judgeStandardChange(content, standardTemplates, policy);
    if (!verdict.fits) throw verdict.error;
  }
  const stamp = stampOf(command.meta);
  // Documentation changes nothing of what approval requires, so the policy is not asked again.
  const voids = amendmentVoidsApprovals(change, changedFields);
  const events: ChangeRequestEvent[] = [
    {
      type: 'ChangeRequestAmended',
      data: {
        ...stamp,
        content,
        contentVersion: change.contentVersion + 1,
        changedFields,
        requiredApprovals:
          change.status === 'draft' || !voids
            ? change.requiredApprovals
            : requiredApprovals(policy, content.category, content.priority),
      },
    },
  ];
  if (voids && change.approvals.length > 0) {
    events.push({
      type: 'ApprovalsVoided',
      data: {
        ...stamp,
        voided: change.approvals.map(({ approverId, role }) => ({ approverId, role })),
        reason: `content amended (${changedFields.join(', ')}) after approval`,
      },
    });
  }
  const documented = documentationMet(change.emergency?.documentation, content, stamp);
  return documented ? [...events, documented] : events;
}
