import { type FieldProblem, LedgerError } from '../errors/ledger-error';

// The errors of a CI message, thrown where it is read (libs/ingestion) and where its fact is
// recorded (libs/change-requests). Their codes keep the `INGESTION.` prefix problem documents and
// dead letters have always carried.

/**
 * A CI message the ledger cannot take: wrong format, missing or bad field, unknown event type,
 * bad signature. Permanent: the Kafka consumer dead-letters it with this reason, HTTP answers 4xx.
 * Each problem reads `path: reason`.
 */
export class InvalidCiEventError extends LedgerError {
  readonly kind: 'unauthenticated' | 'unprocessable';

  constructor(
    readonly code:
      | 'INGESTION.UNREADABLE'
      | 'INGESTION.INVALID_EVENT'
      | 'INGESTION.UNSUPPORTED_TYPE'
      | 'INGESTION.BAD_SIGNATURE',
    readonly problems: string[],
  ) {
    super(problems.join('; '), { problems });
    // A bad signature says nothing about the content: whoever sent it could not prove who they are.
    this.kind = code === 'INGESTION.BAD_SIGNATURE' ? 'unauthenticated' : 'unprocessable';
  }

  override get fields(): FieldProblem[] {
    return this.problems.map((problem) => {
      const at = problem.indexOf(': ');
      return at > 0
        ? { field: problem.slice(0, at), reason: problem.slice(at + 2) }
        : { field: 'body', reason: problem };
    });
  }
}

/** A CI fact refused for these problems, each `path: reason`. */
export const invalidCiEvent = (...problems: string[]) =>
  new InvalidCiEventError('INGESTION.INVALID_EVENT', problems);

/**
 * A principal that may not report this CI fact: a person (CI facts come from pipelines), a
 * service reporting for a source it is not bound to, or about a change request out of its reach
 * (ADR 0024). Who said it is the credential, never the payload, so a fact from the wrong
 * principal is refused rather than recorded under its claim.
 */
export class CiReporterRefusedError extends LedgerError {
  readonly kind = 'forbidden';
  constructor(
    readonly code:
      | 'INGESTION.NOT_A_CI_PRINCIPAL'
      | 'INGESTION.SOURCE_NOT_BOUND'
      | 'INGESTION.CHANGE_NOT_IN_SCOPE',
    message: string,
    context: Record<string, unknown>,
  ) {
    super(message, context);
  }
}
