/**
 * The one base of every error the ledger raises on purpose.
 *
 * An error has a stable, dotted `code` (`EVENT_STORE.WRONG_EXPECTED_REVISION`) that clients and
 * runbooks can rely on, a sentence for people, and `context` for logs and problem documents. It
 * knows nothing of HTTP or Kafka: each edge maps codes to its transport (problem documents,
 * retry or dead-letter). Errors are thrown, never returned (STYLE.md §7).
 */
export abstract class LedgerError extends Error {
  abstract readonly code: string;

  protected constructor(
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
