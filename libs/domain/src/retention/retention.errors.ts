import { LedgerError } from '../errors/ledger-error';

export type RetentionRefusalKind = 'invalid' | 'forbidden' | 'conflict' | 'not_found';

/** A legal hold or retention command refused: `LEGAL_HOLD.*`, `RETENTION.*`. */
export class RetentionError extends LedgerError {
  constructor(
    readonly code: `LEGAL_HOLD.${string}` | `RETENTION.${string}`,
    readonly kind: RetentionRefusalKind,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

export const refuseHold = {
  invalid: (field: string, reason: string) =>
    new RetentionError('LEGAL_HOLD.INVALID', 'invalid', `${field}: ${reason}`, { field, reason }),
  missingRole: (action: 'place' | 'release', actorId: string, allowed: readonly string[]) =>
    new RetentionError(
      'LEGAL_HOLD.MISSING_ROLE',
      'forbidden',
      `${actorId} may not ${action} a legal hold: that takes one of the roles ${allowed.join(', ')}`,
      { action, actorId, allowed },
    ),
  /** A legal hold is a person's judgement: no service places or releases one (ADR 0024). */
  notAPerson: (action: 'place' | 'release', actorId: string) =>
    new RetentionError(
      'LEGAL_HOLD.NOT_A_PERSON',
      'forbidden',
      `${actorId} is a service: placing or releasing a legal hold is a person's judgement, whatever roles a service holds`,
      { action, actorId },
    ),
  notFound: (holdId: string) =>
    new RetentionError('LEGAL_HOLD.NOT_FOUND', 'not_found', `No legal hold ${holdId}`, { holdId }),
  alreadyReleased: (holdId: string) =>
    new RetentionError(
      'LEGAL_HOLD.ALREADY_RELEASED',
      'conflict',
      `Legal hold ${holdId} is already released`,
      { holdId },
    ),
  alreadyPlaced: (holdId: string) =>
    new RetentionError('LEGAL_HOLD.ALREADY_PLACED', 'conflict', `Legal hold ${holdId} exists`, {
      holdId,
    }),
};
