import { type RecordedEvent } from '../event-envelope';
import { type EventStore } from '../event-store.port';
import { GENESIS_HASH, hashEvent } from './hash-chain';

export type VerificationFailureReason =
  /** The event's content or metadata no longer hashes to its stored hash: it was altered. */
  | 'content_altered'
  /** The event does not link to the hash of the event before it: one was removed or reordered. */
  | 'chain_broken'
  /** Revisions are not consecutive from 0: an event is missing. */
  | 'revision_gap';

export type StreamVerification =
  | { valid: true; streamId: string; eventsChecked: number; headHash: string }
  | {
      valid: false;
      streamId: string;
      eventsChecked: number;
      firstInvalid: { eventId: string; revision: number; reason: VerificationFailureReason };
    };

/**
 * The chain check of one stream, an event at a time, for a verifier that reads the global order
 * rather than whole streams (the log's `ledger verify`): `next` returns the failure of the event,
 * if it fails. After a failure the stream is not checked further.
 */
export class StreamChainVerifier {
  private expectedPrevHash = GENESIS_HASH;
  private checked = 0;
  private failed: StreamVerification | undefined;

  constructor(readonly streamId: string) {}

  next(event: RecordedEvent): StreamVerification | undefined {
    if (this.failed) return undefined;
    const failure = (reason: VerificationFailureReason): StreamVerification =>
      (this.failed = {
        valid: false,
        streamId: this.streamId,
        eventsChecked: this.checked,
        firstInvalid: { eventId: event.id, revision: event.revision, reason },
      });
    if (event.revision !== this.checked) return failure('revision_gap');
    if (event.integrity.prevHash !== this.expectedPrevHash) return failure('chain_broken');
    const recomputed = hashEvent({
      streamId: this.streamId,
      revision: event.revision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      prevHash: event.integrity.prevHash,
      recordedAt: event.integrity.recordedAt,
    });
    if (recomputed !== event.integrity.hash) return failure('content_altered');
    this.expectedPrevHash = event.integrity.hash;
    this.checked += 1;
    return undefined;
  }

  result(): StreamVerification {
    return (
      this.failed ?? {
        valid: true,
        streamId: this.streamId,
        eventsChecked: this.checked,
        headHash: this.expectedPrevHash,
      }
    );
  }
}

/**
 * Verifies a whole stream, read forwards from revision 0, and names the first event that does
 * not verify. Pure: hand it events from any adapter, or from an evidence export.
 */
export function verifyStream(
  streamId: string,
  events: readonly RecordedEvent[],
): StreamVerification {
  const chain = new StreamChainVerifier(streamId);
  for (const event of events) if (chain.next(event)) break;
  return chain.result();
}

/** Reads a stream from a store page by page and verifies it. */
export async function verifyStoredStream(
  store: EventStore,
  streamId: string,
  pageSize = 1000,
): Promise<StreamVerification> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, {
      fromRevision: events.length,
      maxCount: pageSize,
    });
    events.push(...page);
    if (page.length < pageSize) break;
  }
  return verifyStream(streamId, events);
}
