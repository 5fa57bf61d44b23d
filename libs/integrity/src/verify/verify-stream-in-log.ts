import {
  type EventStore,
  StreamDeletedError,
  type StreamVerification,
  verifyStream,
} from '@change-ledger/event-store';
import { type LogStore } from '../log/log-store';
import { eventLeafHash } from '../merkle/merkle-hash';
import { verifyInclusion } from '../merkle/proofs';
import { parseCheckpoint } from '../note/checkpoint';
import { type NoteVerifier, openNote } from '../note/signed-note';

export type StreamInLogVerification =
  | { status: 'never_existed'; streamId: string }
  | { status: 'pruned_by_retention'; streamId: string; leaves: number; runId: string | null }
  | (StreamVerification & {
      status: 'checked';
      inclusion: {
        checkpointSize: number | null;
        included: number;
        /** Events appended after the latest checkpoint (or not yet sequenced). */
        pending: number;
        failures: { eventId: string; revision: number; reason: string }[];
      };
    });

/**
 * One stream's chain (libs/event-store's verifyStream) and each of its events' inclusion, by an
 * RFC 9162 audit path, in the latest checkpoint whose signature verifies.
 */
export async function verifyStreamInLog(options: {
  store: EventStore;
  log: LogStore;
  streamId: string;
  verifiers: readonly NoteVerifier[];
}): Promise<StreamInLogVerification> {
  const { store, log, streamId } = options;
  let events;
  try {
    events = await store.readStream(streamId);
  } catch (error) {
    if (!(error instanceof StreamDeletedError)) throw error;
    return {
      status: 'pruned_by_retention',
      streamId,
      leaves: await log.leafCount(streamId),
      runId: error.prunedByRun,
    };
  }
  if (events.length === 0) {
    // Gone without a tombstone yet once in the log: that is tampering, not absence.
    const leaves = await log.leafCount(streamId);
    if (leaves === 0) return { status: 'never_existed', streamId };
  }
  const chain = verifyStream(streamId, events);
  const latest = await log.latestCheckpoint();
  const failures: { eventId: string; revision: number; reason: string }[] = [];
  let included = 0;
  let pending = 0;
  const root = latest
    ? (() => {
        try {
          return parseCheckpoint(openNote(latest.note, options.verifiers).text).root;
        } catch (error) {
          failures.push({
            eventId: '',
            revision: -1,
            reason: `latest checkpoint: ${error instanceof Error ? error.message : String(error)}`,
          });
          return undefined;
        }
      })()
    : undefined;
  const leafIndexes = await log.leafIndexes(events.map((event) => event.id));
  for (const event of events) {
    const index = leafIndexes.get(event.id);
    if (index === undefined || !latest || index >= latest.size) {
      pending += 1;
      continue;
    }
    if (!root) continue;
    const proof = await log.inclusionProof(index, latest.size);
    if (verifyInclusion(index, latest.size, eventLeafHash(event.integrity.hash), proof, root))
      included += 1;
    else
      failures.push({
        eventId: event.id,
        revision: event.revision,
        reason: `not included as leaf ${index} in checkpoint ${latest.size}`,
      });
  }
  const missing = events.length === 0 ? await log.leafCount(streamId) : 0;
  if (missing > 0)
    failures.push({
      eventId: '',
      revision: 0,
      reason: `${missing} leaves of ${streamId} have no event and no tombstone`,
    });
  return {
    ...chain,
    ...(failures.length > 0 ? { valid: false as const } : {}),
    status: 'checked',
    inclusion: { checkpointSize: latest?.size ?? null, included, pending, failures },
  } as StreamInLogVerification;
}
