import { type Policy } from '../policy/policy';
import { type Actor } from './change-request.model';

/**
 * POL-EXCEPTIONS: an exception is approved by each of the policy's `exceptions.approvers` roles. The roles
 * still open, and the one this actor signs as (the one they asked for, else the first open role
 * they hold), or null when they hold none of them. Shared by an exception for one change and one
 * for a service and a period.
 */
export function exceptionSignOff(
  policy: Policy,
  given: ReadonlyArray<{ role: string }>,
  actor: Actor,
  asRole: string | null,
): { open: string[]; role: string | null } {
  const open = policy.exceptions.approvers.filter(
    (role) => !given.some((signOff) => signOff.role === role),
  );
  const role = open.find(
    (candidate) => actor.roles.includes(candidate) && (asRole === null || asRole === candidate),
  );
  return { open, role: role ?? null };
}
