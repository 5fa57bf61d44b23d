import { LedgerError } from '@change-ledger/domain';

/**
 * The key was used before for another request, its first request is still running, this
 * request's claim was taken over by a retry, or what became of this request cannot be known now.
 */
export class IdempotencyError extends LedgerError {
  constructor(
    readonly code:
      | 'IDEMPOTENCY.KEY_REUSED'
      | 'IDEMPOTENCY.IN_PROGRESS'
      | 'IDEMPOTENCY.CLAIM_LOST'
      | 'IDEMPOTENCY.REQUEST_ID_IN_USE'
      | 'IDEMPOTENCY.OUTCOME_UNKNOWN',
    readonly kind: 'unprocessable' | 'conflict' | 'unavailable',
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}
