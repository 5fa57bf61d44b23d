import { requiredApprovals } from '../../policy/policy';
import { type SubmitChangeRequest } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent, type EventStamp } from '../change-request.events';
import {
  type ChangeRequest,
  type ChangeRequestState,
  type PolicyInForce,
} from '../change-request.model';
import { approvalDueAt } from '../deadlines';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { requireRequesterOrChangeManager } from '../separation-of-duties';

/** A draft goes to its approvers (or, standard, is pre-approved) at its requester's word. */
export function submit(
  command: SubmitChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'submit', ['draft']);
  requireRequesterOrChangeManager(change, command.meta.actor, 'submit');
  return submission(change, command.data.policy, stampOf(command.meta));
}

/**
 * What submitting records: the approvals the policy requires, due by its timeout; a standard
 * change from the catalogue is pre-approved instead (003 §1). Also used by create-and-submit.
 */
export function submission(
  change: ChangeRequest,
  policy: PolicyInForce,
  stamp: EventStamp,
): ChangeRequestEvent[] {
  const { content } = change;
  // A standard change requires no approvals (requiredApprovals says so) and has no timeout.
  const submitted = (approvalsDue: string | null): ChangeRequestEvent => ({
    type: 'ChangeRequestSubmitted',
    data: {
      ...stamp,
      requiredApprovals: requiredApprovals(policy, content.category, content.priority),
      approvalDueAt: approvalsDue,
      policyVersion: policy.version,
      contentVersion: change.contentVersion,
    },
  });
  if (content.category === 'standard') {
    // normaliseContent ties every standard change to a catalogue template.
    const templateId = content.standardTemplateId ?? '';
    return [
      submitted(null),
      {
        type: 'StandardChangePreApproved',
        data: { ...stamp, templateId, policyVersion: policy.version },
      },
    ];
  }
  const testingRequired =
    content.testingRequired || policy.testing.requiredFor.includes(content.changeType);
  if (content.category !== 'emergency' && testingRequired && !content.testPlan) {
    throw refuse.incomplete('submit', [
      `test_plan (testing is required for ${content.changeType} changes)`,
    ]);
  }
  return [submitted(approvalDueAt(policy, content.category, content.priority, stamp.at))];
}
