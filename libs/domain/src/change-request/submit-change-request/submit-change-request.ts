import { requiredApprovals } from '../../policy/policy';
import { type StandardTemplatesInForce } from '../../standard-change/standard-change-template.model';
import { type SubmitChangeRequest } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import {
  type ChangeRequestEvent,
  type ChangeRequestSubmitted,
  type EventStamp,
} from '../change-request.events';
import {
  type ChangeRequest,
  type ChangeRequestState,
  type PolicyInForce,
} from '../change-request.model';
import { approvalDueAt } from '../deadlines';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { requireRequesterOrChangeManager } from '../separation-of-duties';
import { judgeStandardChange } from '../standard-template';

/** A draft goes to its approvers (or, standard, is pre-approved) at its requester's word. */
export function submit(
  command: SubmitChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'submit', ['draft']);
  requireRequesterOrChangeManager(change, command.meta.actor, 'submit');
  return submission(
    change,
    command.data.policy,
    command.data.standardTemplates ?? {},
    stampOf(command.meta),
  );
}

/**
 * What submitting records: the approvals the policy requires, due by its timeout; a standard
 * change is pre-approved instead (SOC-CATEGORIES) when its template is in force and the change fits every
 * constraint of it. One that does not is refused naming each constraint, or, when the policy
 * says so, recorded as the normal change it is, with its approvers. Also used by
 * create-and-submit.
 */
export function submission(
  change: ChangeRequest,
  policy: PolicyInForce,
  templates: StandardTemplatesInForce,
  stamp: EventStamp,
): ChangeRequestEvent[] {
  if (change.content.category !== 'standard') return toApprovers(change, policy, stamp);
  const verdict = judgeStandardChange(change.content, templates, policy);
  if (verdict.fits) {
    // A standard change requires no approvals (requiredApprovals says so) and has no timeout.
    return [
      submitted(change, policy, stamp, null),
      {
        type: 'StandardChangePreApproved',
        data: {
          ...stamp,
          templateId: verdict.template.id,
          templateVersion: verdict.version,
          policyVersion: policy.version,
        },
      },
    ];
  }
  if (policy.standardChanges.outsideTemplate === 'refuse') throw verdict.error;
  // The request said standard; the record says what it is, and the submission says why.
  const content = { ...change.content, category: 'normal' as const, standardTemplateId: null };
  const reclassified: ChangeRequestEvent = {
    type: 'ChangeRequestAmended',
    data: {
      ...stamp,
      content,
      contentVersion: change.contentVersion + 1,
      changedFields: ['category', 'standardTemplateId'],
      requiredApprovals: change.requiredApprovals,
    },
  };
  const normal = { ...change, content, contentVersion: change.contentVersion + 1 };
  return [
    reclassified,
    ...toApprovers(normal, policy, stamp, {
      templateId: verdict.template.id,
      templateVersion: verdict.version,
      problems: verdict.problems,
    }),
  ];
}

function toApprovers(
  change: ChangeRequest,
  policy: PolicyInForce,
  stamp: EventStamp,
  standardFallback?: ChangeRequestSubmitted['data']['standardFallback'],
): ChangeRequestEvent[] {
  const { content } = change;
  const testingRequired =
    content.testingRequired || policy.testing.requiredFor.includes(content.changeType);
  if (content.category !== 'emergency' && testingRequired && !content.testPlan) {
    throw refuse.incomplete('submit', [
      `test_plan (testing is required for ${content.changeType} changes)`,
    ]);
  }
  return [
    submitted(
      change,
      policy,
      stamp,
      approvalDueAt(policy, content.category, content.priority, stamp.at),
      standardFallback,
    ),
  ];
}

function submitted(
  change: ChangeRequest,
  policy: PolicyInForce,
  stamp: EventStamp,
  approvalsDue: string | null,
  standardFallback?: ChangeRequestSubmitted['data']['standardFallback'],
): ChangeRequestSubmitted {
  return {
    type: 'ChangeRequestSubmitted',
    data: {
      ...stamp,
      requiredApprovals: requiredApprovals(
        policy,
        change.content.category,
        change.content.priority,
      ),
      approvalDueAt: approvalsDue,
      policyVersion: policy.version,
      contentVersion: change.contentVersion,
      ...(standardFallback ? { standardFallback } : {}),
    },
  };
}
