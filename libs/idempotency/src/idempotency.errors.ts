import { LedgerError } from '@change-ledger/domain';

/** The key was used before for another request, or its first request is still running. */
export class IdempotencyError extends LedgerError {
  constructor(
    readonly code: 'IDEMPOTENCY.KEY_REUSED' | 'IDEMPOTENCY.IN_PROGRESS',
    readonly kind: 'unprocessable' | 'conflict',
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}
