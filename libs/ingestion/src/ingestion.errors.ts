import { LedgerError } from '@change-ledger/domain';

/**
 * A CI message the ledger cannot take: wrong format, missing or bad field, unknown event type,
 * bad signature. Permanent: the Kafka consumer dead-letters it with this reason, HTTP answers 4xx.
 */
export class InvalidCiEventError extends LedgerError {
  constructor(
    readonly code:
      | 'INGESTION.UNREADABLE'
      | 'INGESTION.INVALID_EVENT'
      | 'INGESTION.UNSUPPORTED_TYPE'
      | 'INGESTION.BAD_SIGNATURE',
    readonly problems: string[],
  ) {
    super(problems.join('; '), { problems });
  }
}

export const invalid = (...problems: string[]) =>
  new InvalidCiEventError('INGESTION.INVALID_EVENT', problems);
