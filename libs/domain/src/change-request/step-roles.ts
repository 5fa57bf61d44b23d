import { type ReviewKind } from './change-request.commands';
import { refuse } from './change-request.errors';
import { type Actor, type ChangeRequest, type PolicyInForce } from './change-request.model';

/**
 * Who may take the steps after approval, by role from the policy (`roles` in config/policy.yaml).
 * Before this rule any authenticated non-auditor could implement, verify, complete, roll back or
 * review, even a principal with no role at all.
 */

/** Implement, verify, complete and roll back are an implementer's steps (FLOW-ROLES, POL-ROLES). */
export function requireImplementerRole(actor: Actor, policy: PolicyInForce, step: string): void {
  requireOneOf(actor, policy.roles.implementers, step);
}

/**
 * The requester does not implement or verify their own change (a second person sees it into
 * production), except a standard, self-approved change (SOC-CATEGORIES) when the policy allows it.
 */
export function refuseRequesterImplementing(
  change: ChangeRequest,
  actor: Actor,
  policy: PolicyInForce,
  step: string,
): void {
  if (actor.id !== change.requesterId) return;
  if (change.content.category === 'standard' && policy.roles.requesterMayImplementStandard) return;
  throw refuse.forbidden(
    'CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT',
    `${actor.id} requested ${change.id} and may not ${step} it; only a standard change is implemented by its requester`,
    { actor: actor.id, step, category: change.content.category },
  );
}

/** Reviews after the fact are given by the roles the policy names for each kind. */
export function requireReviewerRole(actor: Actor, policy: PolicyInForce, kind: ReviewKind): void {
  requireOneOf(actor, policy.roles.reviewers[kind], `give a ${kind} review of`);
}

function requireOneOf(actor: Actor, roles: readonly string[], step: string): void {
  if (roles.some((role) => actor.roles.includes(role))) return;
  throw refuse.forbidden(
    'CHANGE_REQUEST.MISSING_ROLE',
    `${actor.id} may not ${step} a change: that takes one of the roles ${roles.join(', ')}`,
    { step, required: roles, actorRoles: actor.roles },
  );
}
