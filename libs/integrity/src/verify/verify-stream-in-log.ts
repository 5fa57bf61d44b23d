import {
  comparePositions,
  type EventStore,
  formatPosition,
  type RecordedEvent,
  StreamDeletedError,
  type Tombstone,
  verifyStream,
} from '@change-ledger/event-store';
import { type LeafRow, type LogStore } from '../log/log-store';
import { eventLeafHash } from '../merkle/merkle-hash';
import { MissingNodeError, verifyInclusion } from '../merkle/proofs';
import { parseCheckpoint } from '../note/checkpoint';
import { type NoteVerifier, openNote } from '../note/signed-note';
import { judgePrunedStream, RetentionEvidence, tombstoneOverLiveEvents } from './pruned-stream';
import {
  chainFailure,
  eventMissing,
  eventNotInLog,
  inclusionFailure,
  leafMismatch,
  NOT_ANCHORED_WARNING,
  openCheckpoint,
  storedCheckpointMismatch,
  type VerificationFailure,
} from './verification-failure';

export interface StreamInLogVerification {
  streamId: string;
  /**
   * `never_existed`: no event, no leaf, no tombstone. `pruned_by_retention`: gone behind a
   * tombstone retention accounts for (its leaves remain). `checked`: everything else, tampering
   * included.
   */
  status: 'checked' | 'pruned_by_retention' | 'never_existed';
  valid: boolean;
  eventsChecked: number;
  /** The stream's leaves in the log, each matched with its event (or its retention run). */
  leavesChecked: number;
  /** The retention run whose tombstone the stream has, if it has one. */
  runId?: string | null;
  inclusion: {
    checkpointSize: number | null;
    /** Leaves whose audit path, made of the stored nodes, leads to the checkpoint's root. */
    included: number;
    /** Leaves after the latest checkpoint and events not yet sequenced. */
    pending: number;
  };
  /** Whether a stored checkpoint ties the log down (see NOT_ANCHORED_WARNING). */
  anchored: boolean;
  warnings: string[];
  firstFailure: VerificationFailure | null;
  failures: VerificationFailure[];
}

/**
 * `ledger verify CHG-…`: as strict for one stream as the full verify is for that stream, in
 * O(its events · log n). It starts from the log's leaves of the stream, not from the events that
 * are left: each leaf must find its event at its position (else `event_missing`, as for a tail
 * cut off or a whole stream deleted) unless a tombstone retention accounts for
 * (`judgePrunedStream`, the full verify's rule); each event must have its leaf unless it came
 * after the log's last leaf (else `event_not_in_log`); the chain must verify; and every leaf's
 * audit path, read from the STORED nodes as the API serves it, must lead to the root of the
 * latest checkpoint whose signature verifies (`inclusion`): a rewritten node any of its leaves
 * relies on is found, off the root's path or not. Nodes no leaf of this stream relies on are
 * the full verify's to check.
 */
export async function verifyStreamInLog(options: {
  store: EventStore;
  log: LogStore;
  streamId: string;
  verifiers: readonly NoteVerifier[];
}): Promise<StreamInLogVerification> {
  const { store, log, streamId } = options;
  const failures: VerificationFailure[] = [];
  const fail = (failure: VerificationFailure) => failures.push(failure);

  let events: RecordedEvent[] = [];
  let tombstone: Tombstone | null = null;
  try {
    events = await store.readStream(streamId);
  } catch (error) {
    if (!(error instanceof StreamDeletedError)) throw error;
  }
  // Asked even when events came back: a tombstone over a live stream freezes it.
  tombstone = await store.tombstone(streamId);
  const leaves = await log.streamLeaves(streamId);
  const latest = await log.latestCheckpoint();
  const inclusion = { checkpointSize: latest?.size ?? null, included: 0, pending: 0 };
  const anchoring = {
    anchored: latest !== undefined,
    warnings: latest ? [] : [NOT_ANCHORED_WARNING],
  };
  if (!tombstone && events.length === 0 && leaves.length === 0)
    return {
      streamId,
      status: 'never_existed',
      valid: false,
      eventsChecked: 0,
      leavesChecked: 0,
      inclusion,
      ...anchoring,
      firstFailure: null,
      failures: [],
    };

  const chain = verifyStream(streamId, events);
  if (!chain.valid) fail(chainFailure(streamId, chain.firstInvalid));

  const byPosition = new Map(events.map((event) => [formatPosition(event.position), event]));
  for (const leaf of leaves) {
    const found = byPosition.get(formatPosition(leaf.position));
    byPosition.delete(formatPosition(leaf.position));
    if (found) {
      const mismatch = leafMismatch(leaf, found);
      if (mismatch) fail(mismatch);
    } else if (!tombstone) fail(eventMissing(leaf));
  }
  if (tombstone && events.length > 0) fail(tombstoneOverLiveEvents(streamId));
  else if (tombstone) {
    const checkpoints = await log.checkpoints();
    const signedTimes = checkpoints.flatMap((checkpoint) => {
      try {
        const body = parseCheckpoint(openNote(checkpoint.note, options.verifiers).text);
        return [{ size: body.size, time: body.time }];
      } catch {
        return []; // a checkpoint whose signature fails dates nothing (the full verify names it)
      }
    });
    const failure = judgePrunedStream({
      streamId,
      tombstone,
      leaves: {
        count: leaves.length,
        firstIndex: leaves[0]?.leafIndex ?? -1,
        lastIndex: leaves[leaves.length - 1]?.leafIndex ?? -1,
        // A stream pruned before it was sequenced has no leaf: its tombstone answers for itself.
        lastHash: leaves[leaves.length - 1]?.eventHash ?? tombstone.lastHash,
      },
      evidence: await RetentionEvidence.gather(store, log, signedTimes),
    });
    if (failure) fail(failure);
  }
  // Events left over have no leaf: legitimate only after the log's last leaf (not sequenced yet).
  // Which leaf an inserted one lies before is searched for only when there is one.
  const size = byPosition.size > 0 ? await log.size() : 0;
  const [lastLeaf] = size > 0 ? await log.leaves(size - 1, 1) : [];
  for (const event of byPosition.values()) {
    const next =
      lastLeaf && comparePositions(event.position, lastLeaf.position) < 0
        ? await log.firstLeafAfter(event.position)
        : undefined;
    if (next === undefined) inclusion.pending += 1;
    else fail(eventNotInLog(event, next));
  }

  await checkInclusion(options, leaves, latest, inclusion, fail);

  const status = tombstone && failures.length === 0 ? 'pruned_by_retention' : 'checked';
  return {
    streamId,
    status,
    valid: failures.length === 0,
    eventsChecked: events.length,
    leavesChecked: leaves.length,
    ...(tombstone ? { runId: tombstone.runId } : {}),
    inclusion,
    ...anchoring,
    firstFailure: failures[0] ?? null,
    failures,
  };
}

/** Every leaf's audit path from the stored nodes against the latest signed checkpoint. */
async function checkInclusion(
  options: { log: LogStore; verifiers: readonly NoteVerifier[] },
  leaves: readonly LeafRow[],
  latest: Awaited<ReturnType<LogStore['latestCheckpoint']>>,
  inclusion: StreamInLogVerification['inclusion'],
  fail: (failure: VerificationFailure) => void,
): Promise<void> {
  if (!latest) {
    inclusion.pending += leaves.length;
    return;
  }
  const label = `stored checkpoint ${latest.size}`;
  const body = openCheckpoint(latest.note, options.verifiers, label, fail);
  const mismatch = body && storedCheckpointMismatch(latest, body, label);
  if (mismatch) fail(mismatch);
  for (const leaf of leaves) {
    if (leaf.leafIndex >= latest.size) {
      inclusion.pending += 1;
      continue;
    }
    if (!body) continue;
    let proof: Buffer[];
    try {
      proof = await options.log.inclusionProof(leaf.leafIndex, body.size);
    } catch (error) {
      if (!(error instanceof MissingNodeError)) throw error;
      fail(inclusionFailure(leaf, body.size, `no audit path: ${error.message}`, error.node));
      continue;
    }
    if (verifyInclusion(leaf.leafIndex, body.size, eventLeafHash(leaf.eventHash), proof, body.root))
      inclusion.included += 1;
    else
      fail(
        inclusionFailure(
          leaf,
          body.size,
          'its audit path from the stored nodes does not lead to the root: a stored node it relies on (or the leaf) was rewritten',
        ),
      );
  }
}
