import { type ChangeRequestError, refuse } from './change-request.errors';
import { type Actor, type ChangeRequest, type PolicyException } from './change-request.model';

/**
 * Separation of duties (POL-SOD, SOC-PROHIBITED "prohibited practices"): who may not act on a change
 * because of what they already did to it. Every command that judges, implements or reviews a
 * change asks here, so each rule has one wording and one code.
 */

/**
 * The one code for a requester acting on their own change where a second person is required:
 * approving, rejecting, signing off an exception to it (or one they requested), or reviewing
 * their own emergency change.
 */
export const OWN_CHANGE_CODE = 'CHANGE_REQUEST.SELF_APPROVAL';

export function refuseRequester(change: ChangeRequest, actor: Actor, why: string): void {
  if (actor.id === change.requesterId) {
    throw refuse.forbidden(OWN_CHANGE_CODE, why, { actor: actor.id, changeRequestId: change.id });
  }
}

/**
 * Whoever asked for an exception to a change (its requester, or a change manager) does not sign
 * it off: POL-EXCEPTIONS's sign-off is a second pair of eyes on the deviation, as for an exception for a
 * service and a period.
 */
export function refuseExceptionRequester(
  change: ChangeRequest,
  exception: Pick<PolicyException, 'id' | 'requestedBy'>,
  actor: Actor,
): void {
  if (actor.id === exception.requestedBy) {
    throw refuse.forbidden(OWN_CHANGE_CODE, 'Whoever requested an exception never signs it off', {
      actor: actor.id,
      changeRequestId: change.id,
      exceptionId: exception.id,
    });
  }
}

/** The implementer does not review their own implementation. */
export function refuseImplementer(change: ChangeRequest, actor: Actor): void {
  if (actor.id === change.implementerId) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.SELF_REVIEW',
      'The implementer does not review their own change',
      { actor: actor.id },
    );
  }
}

/** Drafting steps (submit, amend, cancel) belong to the requester or a change manager. */
export function requireRequesterOrChangeManager(
  change: ChangeRequest,
  actor: Actor,
  action: string,
): void {
  if (actor.id !== change.requesterId && !actor.roles.includes('change-manager')) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.NOT_THE_REQUESTER',
      `Only the requester or a change manager may ${action} ${change.id}`,
      { actor: actor.id },
    );
  }
}

/** Approvals are a person's judgement, given once per person whatever roles they hold. */
export function requireDistinctPerson(
  actor: Actor,
  earlier: ReadonlyArray<{ approverId: string }>,
  what: string,
): void {
  if (earlier.some((given) => given.approverId === actor.id)) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON',
      `${actor.id} has already ${what}; one person never satisfies two required approvals`,
      { actor: actor.id },
    );
  }
}

/** The one person who approved a change alone does not also implement it; null when allowed. */
export function soleApproverImplementing(
  change: ChangeRequest,
  actor: Actor,
): ChangeRequestError | null {
  const approvers = new Set(change.approvals.map((approval) => approval.approverId));
  return approvers.size === 1 && approvers.has(actor.id)
    ? refuse.forbidden(
        'CHANGE_REQUEST.IMPLEMENTER_SOLE_APPROVER',
        `${actor.id} approved ${change.id} alone and cannot also implement it`,
        { actor: actor.id },
      )
    : null;
}
