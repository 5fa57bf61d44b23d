/**
 * What the verifier throws when an input is not what it claims (a key, a note, a checkpoint, a
 * receipt): a code and the context, no more. The codes are the ledger's own (libs/integrity turns
 * one into its IntegrityError unchanged), so an auditor's tool and the server name a fault alike.
 */
export type VerifyErrorCode =
  | 'INTEGRITY.INVALID_KEY'
  | 'INTEGRITY.INVALID_NOTE'
  | 'INTEGRITY.INVALID_CHECKPOINT'
  | 'INTEGRITY.INVALID_RECEIPT'
  | 'INTEGRITY.UNVERIFIED_NOTE';

export class VerifyError extends Error {
  constructor(
    readonly code: VerifyErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'VerifyError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
