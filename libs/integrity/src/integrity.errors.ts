import { LedgerError } from '@change-ledger/domain';
import { VerifyError } from '@change-ledger/verify';

/**
 * Errors of the transparency log. `kind` is transport-neutral (STYLE.md §7): the API maps it to a
 * status, the CLI to an exit code.
 */
export type IntegrityErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unavailable';

export class IntegrityError extends LedgerError {
  constructor(
    readonly code:
      | 'INTEGRITY.INVALID_KEY'
      | 'INTEGRITY.INVALID_NOTE'
      | 'INTEGRITY.INVALID_CHECKPOINT'
      | 'INTEGRITY.INVALID_RECEIPT'
      | 'INTEGRITY.UNVERIFIED_NOTE'
      | 'INTEGRITY.INVALID_QUERY'
      | 'INTEGRITY.UNKNOWN_EVENT'
      | 'INTEGRITY.BEYOND_TREE'
      | 'INTEGRITY.NO_CHECKPOINT'
      | 'INTEGRITY.INCONSISTENT_TREE'
      | 'INTEGRITY.SEQUENCING_CONFLICT'
      | 'INTEGRITY.WRONG_SIGNING_KEY'
      | 'INTEGRITY.NO_SIGNING_KEY'
      | 'INTEGRITY.NOT_MIGRATED'
      | 'WITNESS.MALFORMED_REQUEST',
    readonly kind: IntegrityErrorKind,
    message: string,
    context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message, context);
  }
}

/** A query value that is not acceptable: `field` names it (a 400 with the field). */
export function invalidQuery(field: string, reason: string): IntegrityError {
  return new IntegrityError('INTEGRITY.INVALID_QUERY', 'invalid', `${field}: ${reason}`, {
    field,
    reason,
  });
}

/**
 * Runs one of the verifier package's checks (packages/verify: the single implementation of the
 * log's formats, ADR 0026) and turns what it throws into the IntegrityError it names: same code,
 * message and context, kind `invalid` (every such error is about an input's form or signature).
 */
export function asIntegrityError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof VerifyError ? fromVerifyError(error) : error;
  }
}

export function fromVerifyError(error: VerifyError): IntegrityError {
  return new IntegrityError(error.code, 'invalid', error.message, error.context);
}
