import { LedgerError } from '../errors/ledger-error';

export type StandingExceptionRefusalKind = 'invalid' | 'forbidden' | 'conflict' | 'not_found';

/** A policy exception for a service and a period refused: `POLICY_EXCEPTION.*`. */
export class StandingExceptionError extends LedgerError {
  constructor(
    readonly code: `POLICY_EXCEPTION.${string}`,
    readonly kind: StandingExceptionRefusalKind,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

export const refuseException = {
  invalid: (field: string, reason: string) =>
    new StandingExceptionError('POLICY_EXCEPTION.INVALID', 'invalid', `${field}: ${reason}`, {
      field,
      reason,
    }),
  notAPerson: (actorId: string) =>
    new StandingExceptionError(
      'POLICY_EXCEPTION.NOT_A_PERSON',
      'forbidden',
      `${actorId} is a service: a deviation from policy is requested and signed off by people (002 §5)`,
      { actor: actorId },
    ),
  missingRole: (action: string, actorId: string, allowed: readonly string[]) =>
    new StandingExceptionError(
      'POLICY_EXCEPTION.MISSING_ROLE',
      'forbidden',
      `${actorId} may not ${action} a policy exception: that takes one of the roles ${allowed.join(', ')}`,
      { action, actor: actorId, allowed },
    ),
  selfApproval: (actorId: string, exceptionId: string) =>
    new StandingExceptionError(
      'POLICY_EXCEPTION.SELF_APPROVAL',
      'forbidden',
      `${actorId} requested ${exceptionId} and does not sign it off`,
      { actor: actorId, exceptionId },
    ),
  onePerPerson: (actorId: string, exceptionId: string) =>
    new StandingExceptionError(
      'POLICY_EXCEPTION.ONE_APPROVAL_PER_PERSON',
      'forbidden',
      `${actorId} has already signed off ${exceptionId}; one person never satisfies two sign-offs`,
      { actor: actorId, exceptionId },
    ),
  notFound: (exceptionId: string) =>
    new StandingExceptionError(
      'POLICY_EXCEPTION.NOT_FOUND',
      'not_found',
      `No policy exception ${exceptionId}`,
      { exceptionId },
    ),
  alreadyApproved: (exceptionId: string) =>
    new StandingExceptionError(
      'POLICY_EXCEPTION.ALREADY_APPROVED',
      'conflict',
      `${exceptionId} is already approved`,
      { exceptionId },
    ),
};
