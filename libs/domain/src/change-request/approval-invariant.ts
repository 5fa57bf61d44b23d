import { type ChangeRequestCommand, type ContentInput } from './change-request.commands';
import { refuse } from './change-request.errors';
import { type ChangeRequestEvent } from './change-request.events';
import { type ChangeRequest, type ChangeRequestState } from './change-request.model';

/**
 * The one invariant of approval (issue 25, ADR 0023): the state never claims what the events do
 * not hold. A change request is approved exactly when
 *
 * - it is a standard change, pre-approved from the catalogue at submission (SOC-CATEGORIES), or
 * - every role it requires is approved, each by a different person, on its current content — or,
 *   for an emergency change (SOC-EMERG-PATH), on content that has since changed by documentation only.
 *
 * An amendment that changes what the change is voids its approvals and sets the state back
 * (`ApprovalsVoided`); the documentation of an emergency change does not. `decide` checks the
 * invariant after every command, and the model-based test (test/model) after every request.
 */

/**
 * What documents an emergency change rather than changes it (SOC-EMERG-24H: "post-hoc documentation
 * within 24 hours"; POL-CR-CONTENTS: impact analysis, rollback plan, test results, timeline; FLOW-PROPOSAL:
 * risk assessment, testing performed, security considerations; SOC-ROLLBACK-PLAN: the rollback plan). Its
 * approvers — the CISO's verbal approval, then the retroactive sign-off — judged the fix, which is
 * what the other fields say: title, description, change type, priority, urgency, affected
 * systems, links (the commit and artifact deployed) and the schedule. Amending any of those voids
 * the approvals; the category and template never change.
 */
export const EMERGENCY_DOCUMENTATION_FIELDS = [
  'businessJustification',
  'impactScope',
  'riskLevel',
  'riskAssessment',
  'rollbackPlan',
  'testingRequired',
  'testPlan',
  'testEnvironment',
  'securityConsiderations',
  'implementationPlan',
] as const satisfies ReadonlyArray<keyof ContentInput>;

/** Whether amending `changedFields` voids the approvals `change` holds. */
export function amendmentVoidsApprovals(
  change: ChangeRequest,
  changedFields: readonly string[],
): boolean {
  if (change.emergency === null) return true;
  const documentation: readonly string[] = EMERGENCY_DOCUMENTATION_FIELDS;
  return changedFields.some((field) => !documentation.includes(field));
}

/** Whether the state says the change is approved (API-CR-FORM's `approval_status: approved`). */
export function claimsApproval(change: ChangeRequest): boolean {
  return (
    change.approvedAt !== null || change.status === 'approved' || change.status === 'scheduled'
  );
}

/**
 * What is wrong with what `change` claims about its approval, or nothing when the invariant
 * holds. Each problem in a sentence, for the refusal and for the model-based test's message.
 */
export function approvalInvariantViolations(change: ChangeRequest): string[] {
  const problems: string[] = [];
  const required = change.requiredApprovals.map(({ role }) => role);
  const people = new Set<string>();
  for (const approval of change.approvals) {
    if (people.has(approval.approverId))
      problems.push(`${approval.approverId} holds two of its approvals`);
    people.add(approval.approverId);
    if (!required.includes(approval.role))
      problems.push(`an approval as ${approval.role}, which it does not require`);
    const onCurrent = change.emergency
      ? approval.contentVersion <= change.contentVersion
      : approval.contentVersion === change.contentVersion;
    if (!onCurrent)
      problems.push(
        `the ${approval.role} approval was given on content version ${approval.contentVersion}, not the current ${change.contentVersion}`,
      );
  }
  const given = new Set(change.approvals.map(({ role }) => role));
  const missing = required.filter((role) => !given.has(role));
  const preApproved = change.content.category === 'standard' && change.submittedAt !== null;
  const satisfied = preApproved || (required.length > 0 && missing.length === 0);
  if (claimsApproval(change) && !satisfied)
    problems.push(
      `it claims approval while ${missing.join(', ') || 'every role'} has not approved`,
    );
  if ((change.status === 'approved' || change.status === 'scheduled') && change.approvedAt === null)
    problems.push(`it is ${change.status} with no time of approval`);
  const awaiting =
    change.status === 'pending_approval' ||
    (change.emergency !== null &&
      change.implementationStartedAt !== null &&
      !['rejected', 'cancelled'].includes(change.status));
  if (awaiting && satisfied && !claimsApproval(change))
    problems.push('every required role has approved, yet it is not approved');
  return problems;
}

/**
 * The events of `command`, refused when they would break the invariant on a change request whose
 * state kept it before: a bug in a rule, caught before anything is recorded rather than shown.
 */
export function keepingApprovalInvariant(
  command: ChangeRequestCommand,
  before: ChangeRequestState,
  events: ChangeRequestEvent[],
  fold: (state: ChangeRequestState, event: ChangeRequestEvent) => ChangeRequestState,
): ChangeRequestEvent[] {
  if (events.length === 0) return events;
  const after = events.reduce(fold, before);
  if (after.status === 'absent') return events;
  const broken = approvalInvariantViolations(after);
  if (broken.length === 0) return events;
  if (before.status !== 'absent' && approvalInvariantViolations(before).length > 0) return events;
  throw refuse.conflict(
    'CHANGE_REQUEST.APPROVAL_INVARIANT',
    `${command.type} would leave ${after.id} claiming what its events do not hold: ${broken.join('; ')}; nothing was recorded`,
    { command: command.type, problems: broken },
  );
}
