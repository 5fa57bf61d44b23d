import { type EventStore, StreamDeletedError } from '@change-ledger/event-store';
import { IntegrityError } from '../integrity.errors';
import { type LogStore } from '../log/log-store';
import { type Checkpoint, parseCheckpoint } from '../note/checkpoint';
import { type NoteVerifier, openNote } from '../note/signed-note';
import { openReceipt, type Receipt } from '../receipt/receipt';

/**
 * What became of one event a receipt promised (docs/adr/0019-receipts.md). The failures:
 * - `invalid_receipt`: the file is not a receipt of this log (form, signature, origin);
 * - `not_included`: the promised time passed and no checkpoint covers the event (no leaf, or a
 *   leaf with another hash: the event was removed or replaced before the log took it);
 * - `included_late`: the first checkpoint covering it was signed after the promised time (or
 *   states no time);
 * - `event_missing`: its leaf is there, its event is gone, and retention did not prune it.
 * And the others: `included` (on time), `pruned` (retention removed its stream, the leaf stays),
 * `pending` (not covered yet, and the promised time is still ahead).
 */
export type ReceiptEventStatus =
  | 'included'
  | 'pruned'
  | 'pending'
  | 'not_included'
  | 'included_late'
  | 'event_missing'
  | 'invalid_receipt';

const FAILURES: ReadonlySet<ReceiptEventStatus> = new Set([
  'not_included',
  'included_late',
  'event_missing',
  'invalid_receipt',
]);

export interface ReceiptEventVerdict {
  /** Where the receipt was kept (a file), for the report. */
  source: string;
  status: ReceiptEventStatus;
  detail: string;
  eventId?: string;
  includeBy?: string;
  leafIndex?: number;
  /** The first stored checkpoint that covers the leaf, and when the log signed it. */
  checkpointSize?: number;
  checkpointTime?: string;
}

export interface ReceiptsVerification {
  valid: boolean;
  receiptsChecked: number;
  eventsChecked: number;
  verdicts: ReceiptEventVerdict[];
  failures: ReceiptEventVerdict[];
}

export interface KeptReceipt {
  source: string;
  note: string;
}

export interface VerifyReceiptsOptions {
  store: EventStore;
  log: LogStore;
  /** The log's key(s): receipts and checkpoints must verify with them. */
  verifiers: readonly NoteVerifier[];
  receipts: readonly KeptReceipt[];
  /** The time a promise still ahead is judged against (`pending`). */
  now: Date;
}

/**
 * `ledger verify --receipts DIR`: proves each kept receipt's events are in the log, covered by a
 * checkpoint the log signed at or before the time it promised, or names what is wrong. Only the
 * log's signed checkpoints serve as evidence: one whose signature does not verify is skipped here
 * (`ledger verify` names it).
 */
export async function verifyReceipts(
  options: VerifyReceiptsOptions,
): Promise<ReceiptsVerification> {
  const checkpoints = signedCheckpoints(
    await options.log.checkpoints().then((stored) => stored.map((one) => one.note)),
    options.verifiers,
  );
  const verdicts: ReceiptEventVerdict[] = [];
  for (const kept of options.receipts) {
    let receipt: Receipt;
    try {
      receipt = openReceipt(kept.note, options.verifiers);
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      verdicts.push({ source: kept.source, status: 'invalid_receipt', detail: error.message });
      continue;
    }
    const ofLog = checkpoints.filter((checkpoint) => checkpoint.origin === receipt.origin);
    for (const event of receipt.events) {
      const verdict = await eventVerdict(options, ofLog, receipt, event);
      verdicts.push({
        source: kept.source,
        eventId: event.id,
        includeBy: receipt.includeBy.toISOString(),
        ...verdict,
      });
    }
  }
  const failures = verdicts.filter((verdict) => FAILURES.has(verdict.status));
  return {
    valid: failures.length === 0,
    receiptsChecked: options.receipts.length,
    eventsChecked: verdicts.filter((verdict) => verdict.eventId !== undefined).length,
    verdicts,
    failures,
  };
}

type EventVerdict = Omit<ReceiptEventVerdict, 'source' | 'eventId' | 'includeBy'>;

async function eventVerdict(
  { store, log, now }: VerifyReceiptsOptions,
  checkpoints: readonly Checkpoint[],
  receipt: Receipt,
  event: Receipt['events'][number],
): Promise<EventVerdict> {
  const promised = receipt.includeBy.toISOString();
  const leaf = await log.leafOf(event.id);
  const covering =
    leaf && leaf.eventHash === event.hash
      ? checkpoints.find((checkpoint) => checkpoint.size > leaf.leafIndex)
      : undefined;
  if (!leaf || !covering) {
    const why = !leaf
      ? 'the log has no leaf for it'
      : leaf.eventHash !== event.hash
        ? `the log's leaf ${leaf.leafIndex} holds another hash for it (${leaf.eventHash})`
        : `no stored checkpoint covers its leaf ${leaf.leafIndex} yet`;
    if (receipt.includeBy > now && (!leaf || leaf.eventHash === event.hash))
      return { status: 'pending', detail: `${why}; the log promised it by ${promised}` };
    return {
      status: 'not_included',
      detail: `Event ${event.id} is not included: ${why}, though the log promised a checkpoint covering it by ${promised}`,
      ...(leaf ? { leafIndex: leaf.leafIndex } : {}),
    };
  }
  const covered = {
    leafIndex: leaf.leafIndex,
    checkpointSize: covering.size,
    checkpointTime: covering.time?.toISOString(),
  };
  if (!covering.time || covering.time > receipt.includeBy)
    return {
      status: 'included_late',
      detail:
        `Event ${event.id} was included late: the first checkpoint covering its leaf ${leaf.leafIndex} (tree size ${covering.size}) ` +
        (covering.time ? `was signed at ${covering.time.toISOString()}` : 'states no time') +
        `, after the promised ${promised}`,
      ...covered,
    };
  const stored = await storedEvent(store, leaf.streamId, leaf.revision);
  if (stored === 'pruned')
    return {
      status: 'pruned',
      detail: `its stream ${leaf.streamId} was pruned by retention; its leaf stays`,
      ...covered,
    };
  if (stored !== event.id)
    return {
      status: 'event_missing',
      detail: `Event ${event.id} is in the log (leaf ${leaf.leafIndex}) but gone from its stream ${leaf.streamId}, which retention did not prune`,
      ...covered,
    };
  return { status: 'included', detail: `in checkpoint ${covering.size}, on time`, ...covered };
}

/** The id of the event stored at that place, 'pruned' for a stream retention removed. */
async function storedEvent(
  store: EventStore,
  streamId: string,
  revision: number,
): Promise<string | 'pruned' | undefined> {
  try {
    const [event] = await store.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    return event?.revision === revision ? event.id : undefined;
  } catch (error) {
    if (error instanceof StreamDeletedError) return error.prunedByRun ? 'pruned' : undefined;
    throw error;
  }
}

/** The stored checkpoints whose signature verifies with the log's keys, smallest first. */
function signedCheckpoints(notes: readonly string[], verifiers: readonly NoteVerifier[]) {
  const checkpoints: Checkpoint[] = [];
  for (const note of notes) {
    try {
      checkpoints.push(parseCheckpoint(openNote(note, verifiers).text));
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
    }
  }
  return checkpoints.sort((a, b) => a.size - b.size);
}
