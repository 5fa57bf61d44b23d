import {
  RETENTION_RUN_EVENT_TYPES,
  RETENTION_RUNS_STREAM,
  type RetentionRunEvent,
} from '@change-ledger/domain';
import {
  comparePositions,
  type EventStore,
  type RecordedEvent,
  storedAs,
  StreamChainVerifier,
  type Tombstone,
} from '@change-ledger/event-store';
import { type LeafRow, type LogStore } from '../log/log-store';
import { CompactRange } from '../merkle/compact-range';
import { eventLeafHash } from '../merkle/merkle-hash';
import { verifyConsistency } from '../merkle/proofs';
import { parseCheckpoint } from '../note/checkpoint';
import { type NoteVerifier, openNote } from '../note/signed-note';
import {
  checkWitnessQuorum,
  type WitnessedTime,
  type WitnessQuorumOptions,
} from './witness-quorum';

export type FailureKind =
  /** An event's content or its place in its stream's hash chain does not verify. */
  | 'chain'
  /** A leaf's event is gone and its stream was not pruned by retention. */
  | 'event_missing'
  /**
   * A stream is gone with a tombstone, but no retention run recorded removing it as it ended:
   * deleted by another path (or its tombstone does not match its last leaf).
   */
  | 'pruned_outside_retention'
  /** The event at a leaf's position is not the event (or the hash) the leaf recorded. */
  | 'leaf_mismatch'
  /** An event sits between sequenced events yet has no leaf: inserted after the fact. */
  | 'event_not_in_log'
  /** Leaf indexes are not dense: a leaf was removed. */
  | 'leaf_gap'
  /** A checkpoint (stored or trusted) does not match the tree recomputed from the leaves. */
  | 'checkpoint_mismatch'
  /** A checkpoint is larger than the whole log: the log was cut. */
  | 'truncated'
  /** A checkpoint's signature does not verify with the trusted keys. */
  | 'checkpoint_signature'
  /** The stored subtree hashes (what proofs are made of) disagree with the leaves. */
  | 'tree_nodes'
  /** A consistency proof from the stored nodes does not verify. */
  | 'consistency'
  /** A trusted witness's stored cosignature does not verify over the checkpoint stored with it. */
  | 'cosignature'
  /** Fewer trusted witnesses than the quorum cosigned the latest checkpoint. */
  | 'witness_quorum';

export interface VerificationFailure {
  kind: FailureKind;
  detail: string;
  streamId?: string;
  revision?: number;
  leafIndex?: number;
  eventId?: string;
  treeSize?: number;
}

export interface TrustedCheckpoint {
  /** Where the auditor kept it (a file), for the report. */
  source: string;
  note: string;
}

export interface LedgerVerification {
  valid: boolean;
  eventsChecked: number;
  leavesChecked: number;
  treeSize: number;
  checkpointsChecked: number;
  trustedCheckpointsChecked: number;
  /** Events after the last leaf: appended since the sequencer last ran; not yet in any checkpoint. */
  unsequencedEvents: number;
  /** Streams removed by retention: their events are gone, their leaves (and tombstone) remain. */
  prunedByRetention: { streamId: string; leaves: number; runId: string }[];
  /** The same, by run: what each retention run removed, as leaf ranges of the log. */
  prunedByRun: { runId: string; streams: number; leaves: number; leafRanges: [number, number][] }[];
  /** With trusted witnesses: their valid cosignatures, and the earliest witnessed time by size. */
  cosignaturesChecked: number;
  witnessedTimes: WitnessedTime[];
  firstFailure: VerificationFailure | null;
  failures: VerificationFailure[];
}

export interface VerifyLedgerOptions {
  store: EventStore;
  log: LogStore;
  /** The keys checkpoints must be signed with. */
  verifiers: readonly NoteVerifier[];
  trusted?: readonly TrustedCheckpoint[];
  pageSize?: number;
  onProgress?: (progress: { events: number; leaves: number }) => void;
  /** At most this many failures are listed (all are counted in `valid`). */
  maxFailures?: number;
  /** Trusted witnesses and their quorum on the latest checkpoint (ADR 0018). */
  witnesses?: WitnessQuorumOptions;
}

interface Target {
  label: string;
  size: number;
  root: Buffer;
}

/**
 * `ledger verify` of everything. Reads the global order and the leaves side by side, in one pass:
 * every event's hash chain (libs/event-store's own check), every leaf against the event at its
 * position, the tree recomputed from the leaves against every stored checkpoint (whose signature
 * must verify) and every checkpoint the auditor kept, then the stored subtree hashes against the
 * recomputed tree and the consistency proofs made of them. An attacker who rewrote the events and
 * the log's tables alike still meets the auditor's checkpoints. O(n) time, O(streams + log n)
 * memory.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<LedgerVerification> {
  const maxFailures = options.maxFailures ?? 50;
  const failures: VerificationFailure[] = [];
  let failureCount = 0;
  const fail = (failure: VerificationFailure) => {
    failureCount += 1;
    if (failures.length < maxFailures) failures.push(failure);
  };

  const targets = new Map<number, Target[]>();
  const addTarget = (target: Target) =>
    targets.set(target.size, [...(targets.get(target.size) ?? []), target]);

  const stored = await options.log.checkpoints();
  for (const checkpoint of stored) {
    const label = `stored checkpoint ${checkpoint.size}`;
    const body = openCheckpoint(checkpoint.note, options.verifiers, label, fail);
    if (body && (body.size !== checkpoint.size || !body.root.equals(checkpoint.root)))
      fail({
        kind: 'checkpoint_mismatch',
        treeSize: checkpoint.size,
        detail: `${label}: its row and its signed note disagree`,
      });
    addTarget({ label, size: checkpoint.size, root: checkpoint.root });
  }
  const trusted: Target[] = [];
  for (const kept of options.trusted ?? []) {
    const label = `trusted checkpoint ${kept.source}`;
    const body = openCheckpoint(kept.note, options.verifiers, label, fail);
    if (!body) continue;
    const target = { label: `${label} (size ${body.size})`, size: body.size, root: body.root };
    trusted.push(target);
    addTarget(target);
  }
  const witnessed = options.witnesses
    ? await checkWitnessQuorum(options.witnesses, stored[stored.length - 1])
    : undefined;
  witnessed?.failures.forEach(fail);
  witnessed?.cosigned.forEach(addTarget);

  const range = CompactRange.empty();
  const chains = new Map<string, StreamChainVerifier>();
  const tombstones = new Map<string, Tombstone | null>();
  const pruned = new Map<string, { leaves: number; lastLeafHash: string; runId: string }>();
  const runRanges = new Map<string, [number, number][]>();
  let eventsChecked = 0;
  let leavesChecked = 0;
  const pageSize = options.pageSize ?? 2000;

  const checkChain = (event: RecordedEvent) => {
    eventsChecked += 1;
    let chain = chains.get(event.streamId);
    if (!chain) chains.set(event.streamId, (chain = new StreamChainVerifier(event.streamId)));
    const failure = chain.next(event);
    if (failure && !failure.valid)
      fail({
        kind: 'chain',
        streamId: event.streamId,
        revision: failure.firstInvalid.revision,
        eventId: failure.firstInvalid.eventId,
        detail: `${event.streamId} revision ${failure.firstInvalid.revision}: ${failure.firstInvalid.reason.replace('_', ' ')}`,
      });
  };
  let recordedPrunings: Map<string, { runId: string; lastHash: string }[]> | undefined;
  /** What the retention runs recorded deleting (planned, then pruned), by stream. */
  const recordedByRuns = async () => {
    if (!recordedPrunings) {
      recordedPrunings = new Map();
      for (const recorded of await options.store.readStream(RETENTION_RUNS_STREAM)) {
        const run = storedAs<RetentionRunEvent>(recorded, RETENTION_RUN_EVENT_TYPES);
        if (run?.type === 'RetentionBatchPlanned')
          for (const { streamId, lastHash } of run.data.records)
            recordedPrunings.set(streamId, [
              ...(recordedPrunings.get(streamId) ?? []),
              { runId: run.data.runId, lastHash },
            ]);
      }
    }
    return recordedPrunings;
  };
  const tombstoneOf = async (streamId: string) => {
    if (!tombstones.has(streamId))
      tombstones.set(streamId, await options.store.tombstone(streamId));
    return tombstones.get(streamId)!;
  };
  const events = pages((after: RecordedEvent | undefined) =>
    options.store.readAll({ after: after?.position, maxCount: pageSize }),
  );
  const leaves = pages((after: LeafRow | undefined) =>
    options.log.leaves(after ? after.leafIndex + 1 : 0, pageSize),
  );
  let event = await events.next();
  for (let leafResult = await leaves.next(); !leafResult.done; leafResult = await leaves.next()) {
    const leaf = leafResult.value;
    if (leaf.leafIndex !== range.size) {
      fail({
        kind: 'leaf_gap',
        leafIndex: range.size,
        detail: `leaf ${range.size} is missing (the next is ${leaf.leafIndex})`,
      });
      break;
    }
    while (!event.done && comparePositions(event.value.position, leaf.position) < 0) {
      const extra = event.value;
      fail({
        kind: 'event_not_in_log',
        streamId: extra.streamId,
        revision: extra.revision,
        eventId: extra.id,
        detail: `event ${extra.id} (${extra.streamId} revision ${extra.revision}) lies before leaf ${leaf.leafIndex} but is in no leaf: inserted`,
      });
      checkChain(extra);
      event = await events.next();
    }
    const at = leaf.leafIndex;
    const where = `leaf ${at} (${leaf.streamId} revision ${leaf.revision}, event ${leaf.eventId})`;
    if (!event.done && comparePositions(event.value.position, leaf.position) === 0) {
      const found = event.value;
      if (found.id !== leaf.eventId || found.integrity.hash !== leaf.eventHash)
        fail({
          kind: 'leaf_mismatch',
          leafIndex: at,
          streamId: found.streamId,
          revision: found.revision,
          eventId: found.id,
          detail: `${where}: the stored event ${found.id === leaf.eventId ? 'now has another hash' : `is now ${found.id}`}`,
        });
      checkChain(found);
      event = await events.next();
    } else if (await tombstoneOf(leaf.streamId)) {
      const tombstone = (await tombstoneOf(leaf.streamId))!;
      const seen = pruned.get(leaf.streamId);
      pruned.set(leaf.streamId, {
        leaves: (seen?.leaves ?? 0) + 1,
        lastLeafHash: leaf.eventHash,
        runId: tombstone.runId ?? '',
      });
      const ranges = runRanges.get(tombstone.runId ?? '') ?? [];
      const lastRange = ranges[ranges.length - 1];
      if (lastRange && lastRange[1] === at - 1) lastRange[1] = at;
      else ranges.push([at, at]);
      runRanges.set(tombstone.runId ?? '', ranges);
    } else {
      fail({
        kind: 'event_missing',
        leafIndex: at,
        streamId: leaf.streamId,
        revision: leaf.revision,
        eventId: leaf.eventId,
        detail: `${where}: the event is gone and ${leaf.streamId} was not pruned by retention`,
      });
    }
    range.append(eventLeafHash(leaf.eventHash));
    leavesChecked += 1;
    for (const target of targets.get(range.size) ?? []) {
      if (!range.root().equals(target.root))
        fail({
          kind: 'checkpoint_mismatch',
          treeSize: target.size,
          detail: `${target.label}: the first ${target.size} leaves no longer have its root`,
        });
    }
    if (leavesChecked % 10_000 === 0)
      options.onProgress?.({ events: eventsChecked, leaves: leavesChecked });
  }
  // A pruned stream is retention's only if a run recorded planning it as it ended, the tombstone
  // names that run, and the tombstone's last hash is the stream's last leaf.
  for (const [streamId, seen] of pruned) {
    const tombstone = (await tombstoneOf(streamId))!;
    const recorded = ((await recordedByRuns()).get(streamId) ?? []).find(
      (planned) => planned.runId === tombstone.runId,
    );
    const problem = !tombstone.runId
      ? 'its tombstone names no retention run'
      : !recorded
        ? `no retention run recorded planning it (the tombstone names ${tombstone.runId})`
        : recorded.lastHash !== tombstone.lastHash || tombstone.lastHash !== seen.lastLeafHash
          ? 'its tombstone, its run and its last leaf disagree on the hash it ended on'
          : undefined;
    if (problem)
      fail({
        kind: 'pruned_outside_retention',
        streamId,
        detail: `${streamId} is gone but ${problem}: deleted outside retention`,
      });
  }
  let unsequenced = 0;
  for (; !event.done; event = await events.next()) {
    checkChain(event.value);
    unsequenced += 1;
  }
  const treeSize = range.size;
  if (treeSize === 0 && targets.get(0))
    for (const target of targets.get(0)!)
      if (!range.root().equals(target.root))
        fail({
          kind: 'checkpoint_mismatch',
          treeSize: 0,
          detail: `${target.label}: not the empty tree`,
        });
  for (const [size, list] of targets)
    if (size > treeSize)
      for (const target of list)
        fail({
          kind: 'truncated',
          treeSize: size,
          detail: `${target.label} covers ${size} leaves, the log now holds ${treeSize}: leaves were removed`,
        });

  // The stored subtree hashes serve the API's proofs: they must agree with the leaves.
  if (treeSize > 0) {
    const storedRoot = await options.log.root(treeSize).catch(() => undefined);
    if (!storedRoot || !storedRoot.equals(range.root()))
      fail({
        kind: 'tree_nodes',
        treeSize,
        detail: `the stored tree of ${treeSize} leaves has another root than its leaves`,
      });
  }
  const latest = stored[stored.length - 1];
  if (latest && latest.size <= treeSize) {
    for (const earlier of [
      ...stored.slice(0, -1),
      ...trusted.filter((t) => t.size <= latest.size),
    ]) {
      const proof = await options.log.consistencyProof(earlier.size, latest.size).catch(() => []);
      if (!verifyConsistency(earlier.size, latest.size, earlier.root, latest.root, proof))
        fail({
          kind: 'consistency',
          treeSize: earlier.size,
          detail: `no valid consistency proof from checkpoint ${earlier.size} to the latest stored checkpoint ${latest.size}`,
        });
    }
  }
  options.onProgress?.({ events: eventsChecked, leaves: leavesChecked });

  return {
    valid: failureCount === 0,
    eventsChecked,
    leavesChecked,
    treeSize,
    checkpointsChecked: stored.length,
    trustedCheckpointsChecked: trusted.length,
    unsequencedEvents: unsequenced,
    prunedByRetention: [...pruned].map(([streamId, { leaves, runId }]) => ({
      streamId,
      leaves,
      runId,
    })),
    prunedByRun: [...runRanges].map(([runId, leafRanges]) => ({
      runId,
      streams: [...pruned.values()].filter((seen) => seen.runId === runId).length,
      leaves: leafRanges.reduce((sum, [from, to]) => sum + to - from + 1, 0),
      leafRanges,
    })),
    cosignaturesChecked: witnessed?.cosignaturesChecked ?? 0,
    witnessedTimes: witnessed?.witnessedTimes ?? [],
    firstFailure: failures[0] ?? null,
    failures,
  };
}

function openCheckpoint(
  note: string,
  verifiers: readonly NoteVerifier[],
  label: string,
  fail: (failure: VerificationFailure) => void,
) {
  try {
    return parseCheckpoint(openNote(note, verifiers).text);
  } catch (error) {
    fail({
      kind: 'checkpoint_signature',
      detail: `${label}: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

/** Items of consecutive pages, each page read after the last item of the one before. */
async function* pages<T>(read: (after: T | undefined) => Promise<T[]>): AsyncGenerator<T> {
  let after: T | undefined;
  for (;;) {
    const page = await read(after);
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1];
  }
}
