import { LedgerError } from '@change-ledger/domain';
import { SetMetadata } from '@nestjs/common';

export const AUDITORS_ONLY = 'change-ledger:auditors-only';
export const AUDITOR_ROLE = 'auditor';

/**
 * Routes of the auditor's workspace (population, samples, exports): only a principal holding the
 * auditor role may use them, and on them an auditor may also POST — drawing a sample records the
 * auditor's selection, and changes nothing of the ledger's changes.
 */
export const AuditorsOnly = () => SetMetadata(AUDITORS_ONLY, true);

export class AuditorsOnlyError extends LedgerError {
  readonly code = 'AUTH.AUDITORS_ONLY';
  readonly kind = 'forbidden';
  constructor(readonly actorId: string) {
    super(`Only auditors may use the audit workspace; ${actorId} does not hold the auditor role`, {
      actorId,
    });
  }
}
