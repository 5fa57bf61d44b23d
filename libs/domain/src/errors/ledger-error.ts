/**
 * What a failure means to whoever asked, whatever the transport: `invalid` (the input is wrong or
 * incomplete), `unprocessable` (well-formed, but content the ledger cannot take, e.g. a CI event
 * of an unknown type), `unauthenticated` (no valid credentials), `forbidden` (not this principal:
 * a role or separation of duties), `not_found`, `gone` (removed by retention), `conflict` (not now:
 * a concurrent writer, or a state that does not allow it), `too_large`, `unsupported` (a media
 * type or encoding the ledger does not read), `unavailable` (a dependency is down: try again).
 * Each edge maps the kind once: HTTP to a status, the Kafka consumer to retry or dead-letter.
 */
export const ERROR_KINDS = [
  'invalid',
  'unprocessable',
  'unauthenticated',
  'forbidden',
  'not_found',
  'gone',
  'conflict',
  'too_large',
  'unsupported',
  'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One bad input: where it is (`rollback_plan.steps[2]`) and why it is refused. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * The one base of every error the ledger raises on purpose.
 *
 * An error has a stable, dotted `code` (`EVENT_STORE.WRONG_EXPECTED_REVISION`) that clients and
 * runbooks can rely on, a transport-neutral `kind`, a sentence for people, the fields it is about
 * (if any), and `context` for logs and problem documents. It knows nothing of HTTP or Kafka.
 * Errors are thrown, never returned (STYLE.md §7).
 */
export abstract class LedgerError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;

  protected constructor(
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * The inputs this error is about, for problem documents: by convention the `field` and
   * `reason` of its context, when it names one; an error about several fields says so itself.
   */
  get fields(): FieldProblem[] {
    const { field, reason } = this.context as { field?: unknown; reason?: unknown };
    return typeof field === 'string' ? [{ field, reason: String(reason) }] : [];
  }
}
