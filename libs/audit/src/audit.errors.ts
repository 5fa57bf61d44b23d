import { LedgerError } from '@change-ledger/domain';

/** Errors of the auditor's workspace; `kind` is transport-neutral (STYLE.md §7). */
export class AuditError extends LedgerError {
  constructor(
    readonly code:
      | 'AUDIT.INVALID_REQUEST'
      | 'AUDIT.UNKNOWN_SAMPLE'
      | 'AUDIT.NO_SIGNING_KEY'
      | 'AUDIT.INVALID_BUNDLE'
      | 'AUDIT.EXPORT_INTERRUPTED',
    readonly kind: 'invalid' | 'not_found' | 'unavailable',
    message: string,
    context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message, context);
  }
}

/** A request value that is not acceptable: `field` names it (a 400 with the field). */
export function invalidAuditRequest(field: string, reason: string): AuditError {
  return new AuditError('AUDIT.INVALID_REQUEST', 'invalid', `${field}: ${reason}`, {
    field,
    reason,
  });
}
