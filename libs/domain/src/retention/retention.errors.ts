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
  unknownChangeRequest: (changeRequestId: string) =>
    new RetentionError(
      'LEGAL_HOLD.UNKNOWN_CHANGE_REQUEST',
      'not_found',
      `change_request_id: no change request ${changeRequestId} was ever recorded; check the id`,
      { field: 'change_request_id', changeRequestId },
    ),
  alreadyPruned: (changeRequestId: string, prunedByRun: string) =>
    new RetentionError(
      'LEGAL_HOLD.ALREADY_PRUNED',
      'conflict',
      `change_request_id: ${changeRequestId} was pruned by retention run ${prunedByRun}; nothing of it is left to hold`,
      { field: 'change_request_id', changeRequestId, prunedByRun },
    ),
  alreadyPlaced: (holdId: string) =>
    new RetentionError('LEGAL_HOLD.ALREADY_PLACED', 'conflict', `Legal hold ${holdId} exists`, {
      holdId,
    }),
};
