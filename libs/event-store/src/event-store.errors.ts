import { LedgerError } from '@change-ledger/domain';
import { type ExpectedRevision } from './event-store.port';

/** Another writer got there first: reload the stream, decide again, retry if the command allows. */
export class WrongExpectedRevisionError extends LedgerError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  readonly kind = 'conflict';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(
      `Stream ${streamId}: expected revision ${String(expected)}, but it is ${String(actual)}`,
      { streamId, expected, actual },
    );
  }
}

/** The event id is already stored, with other content or elsewhere: an id is never reused. */
export class EventIdConflictError extends LedgerError {
  readonly code = 'EVENT_STORE.EVENT_ID_CONFLICT';
  readonly kind = 'conflict';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
    reason: string,
  ) {
    super(`Event ${eventId} cannot be appended to ${streamId}: ${reason}`, {
      eventId,
      streamId,
      reason,
    });
  }
}

/** The stream was removed by retention; it is never written again. */
export class StreamDeletedError extends LedgerError {
  readonly code = 'EVENT_STORE.STREAM_DELETED';
  readonly kind = 'gone';
  constructor(
    readonly streamId: string,
    /** The retention run that pruned it, when known: an auditor looks it up in ledger-retention-runs. */
    readonly prunedByRun: string | null = null,
  ) {
    super(
      `Stream ${streamId} was deleted by retention${prunedByRun ? ` (run ${prunedByRun})` : ''} and cannot be used again`,
      { streamId, prunedByRun },
    );
  }
}

/**
 * The store refused to delete a stream: not the retention role, a stream younger than the floor,
 * under a legal hold, a system stream, or one the run did not plan as it now ends. Said by the
 * database itself on PostgreSQL.
 */
export class DeletionRefusedError extends LedgerError {
  readonly code = 'EVENT_STORE.DELETION_REFUSED';
  readonly kind = 'forbidden';
  constructor(
    readonly streamId: string,
    readonly reason: string,
  ) {
    super(`Deleting ${streamId} was refused: ${reason}`, { streamId, reason });
  }
}

export class StreamNotFoundError extends LedgerError {
  readonly code = 'EVENT_STORE.STREAM_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`, { streamId });
  }
}

/**
 * An append refused before anything was written. `field` names the offending input
 * (`streamId`, `events[1].id`, `events[0].data.items[3]`) and `reason` says what is wrong with it.
 */
export class InvalidAppendError extends LedgerError {
  readonly kind = 'invalid';
  constructor(
    readonly code:
      | 'EVENT_STORE.INVALID_STREAM_NAME'
      | 'EVENT_STORE.INVALID_EVENT_ID'
      | 'EVENT_STORE.MISSING_ACTOR'
      | 'EVENT_STORE.INVALID_METADATA'
      | 'EVENT_STORE.PAYLOAD_NOT_JSON'
      | 'EVENT_STORE.INVALID_EVENT',
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`, { field, reason });
  }
}

export class InvalidPositionError extends LedgerError {
  readonly code = 'EVENT_STORE.INVALID_POSITION';
  readonly kind = 'invalid';
  constructor(readonly text: string) {
    super(`Not a global position (expected "commit/prepare"): ${JSON.stringify(text)}`, { text });
  }
}

/** The store cannot be reached right now; nothing was decided about the input. Retry later. */
export class EventStoreUnavailableError extends LedgerError {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  readonly kind = 'unavailable';
  constructor(override readonly cause: unknown) {
    super(
      `The event store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
