import {
  comparePositions,
  type EventStore,
  type RecordedEvent,
  StreamChainVerifier,
  type Tombstone,
} from '@change-ledger/event-store';
import { type LeafRow, type LogStore } from '../log/log-store';
import { CompactRange } from '../merkle/compact-range';
import { eventLeafHash } from '../merkle/merkle-hash';
import { verifyConsistency } from '../merkle/proofs';
import { type NoteVerifier } from '../note/signed-note';
import {
  judgePrunedStream,
  type PrunedLeaves,
  RetentionEvidence,
  tombstoneOverLiveEvents,
} from './pruned-stream';
import { StoredTreeCheck } from './stored-tree-check';
import {
  chainFailure,
  eventMissing,
  eventNotInLog,
  leafMismatch,
  NOT_ANCHORED_WARNING,
  openCheckpoint,
  storedCheckpointMismatch,
  type VerificationFailure,
} from './verification-failure';
import {
  checkWitnessQuorum,
  type WitnessedTime,
  type WitnessQuorumOptions,
} from './witness-quorum';

export type { FailureKind, VerificationFailure } from './verification-failure';

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
  /**
   * Whether any checkpoint (stored or kept by the auditor) ties the log down. Without one the
   * verify shows only that the ledger agrees with itself, and `warnings` says so.
   */
  anchored: boolean;
  warnings: string[];
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
 * must verify) and every checkpoint the auditor kept, every stored subtree hash against the
 * recomputed tree as it grows (StoredTreeCheck), and the consistency proofs made of them. Warns
 * when no checkpoint at all is held: then nothing anchors the log. An attacker who rewrote the events and
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

  /** Sizes and signed times of the checkpoints whose signatures verify: retention's clock. */
  const signedTimes: { size: number; time?: Date }[] = [];
  const stored = await options.log.checkpoints();
  for (const checkpoint of stored) {
    const label = `stored checkpoint ${checkpoint.size}`;
    const body = openCheckpoint(checkpoint.note, options.verifiers, label, fail);
    const mismatch = body && storedCheckpointMismatch(checkpoint, body, label);
    if (mismatch) fail(mismatch);
    if (body && !mismatch) signedTimes.push({ size: body.size, time: body.time });
    addTarget({ label, size: checkpoint.size, root: checkpoint.root });
  }
  const trusted: Target[] = [];
  for (const kept of options.trusted ?? []) {
    const label = `trusted checkpoint ${kept.source}`;
    const body = openCheckpoint(kept.note, options.verifiers, label, fail);
    if (!body) continue;
    const target = { label: `${label} (size ${body.size})`, size: body.size, root: body.root };
    signedTimes.push({ size: body.size, time: body.time });
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
  const tombstones = new Map<string, Tombstone>(
    (await options.store.tombstones()).map((tombstone) => [tombstone.streamId, tombstone]),
  );
  const pruned = new Map<string, PrunedLeaves & { runId: string }>();
  /** Streams with a tombstone of which an event remains: named once each. */
  const tombstonedButLive = new Set<string>();
  const runRanges = new Map<string, [number, number][]>();
  let eventsChecked = 0;
  let leavesChecked = 0;
  const pageSize = options.pageSize ?? 2000;
  const storedTree = new StoredTreeCheck(options.log, pageSize, fail);

  const checkChain = (event: RecordedEvent) => {
    eventsChecked += 1;
    let chain = chains.get(event.streamId);
    if (!chain) chains.set(event.streamId, (chain = new StreamChainVerifier(event.streamId)));
    const failure = chain.next(event);
    if (failure && !failure.valid) fail(chainFailure(event.streamId, failure.firstInvalid));
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
      fail(eventNotInLog(extra, leaf.leafIndex));
      checkChain(extra);
      event = await events.next();
    }
    const at = leaf.leafIndex;
    if (!event.done && comparePositions(event.value.position, leaf.position) === 0) {
      const found = event.value;
      const mismatch = leafMismatch(leaf, found);
      if (mismatch) fail(mismatch);
      if (tombstones.has(found.streamId) && !tombstonedButLive.has(found.streamId)) {
        tombstonedButLive.add(found.streamId);
        fail(tombstoneOverLiveEvents(found.streamId));
      }
      checkChain(found);
      event = await events.next();
    } else if (tombstones.has(leaf.streamId)) {
      const tombstone = tombstones.get(leaf.streamId)!;
      const seen = pruned.get(leaf.streamId);
      pruned.set(leaf.streamId, {
        count: (seen?.count ?? 0) + 1,
        firstIndex: seen?.firstIndex ?? at,
        lastIndex: at,
        lastHash: leaf.eventHash,
        runId: tombstone.runId ?? '',
      });
      const ranges = runRanges.get(tombstone.runId ?? '') ?? [];
      const lastRange = ranges[ranges.length - 1];
      if (lastRange && lastRange[1] === at - 1) lastRange[1] = at;
      else ranges.push([at, at]);
      runRanges.set(tombstone.runId ?? '', ranges);
    } else {
      fail(eventMissing(leaf));
    }
    await storedTree.check(range.append(eventLeafHash(leaf.eventHash)));
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
  if (pruned.size > 0) {
    // With trusted witnesses, their signed times are the clock: the log's own (its key, the
    // database's clock) are the insider's to set. Only a size a witness cosigned dates leaves.
    const times = witnessed
      ? witnessed.witnessedTimes.map(({ size, time }) => ({ size, time: new Date(time) }))
      : signedTimes;
    const evidence = await RetentionEvidence.gather(options.store, options.log, times);
    for (const [streamId, leaves] of pruned) {
      if (tombstonedButLive.has(streamId)) continue;
      const failure = judgePrunedStream({
        streamId,
        tombstone: tombstones.get(streamId)!,
        leaves,
        evidence,
      });
      if (failure) fail(failure);
    }
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

  // The stored subtree hashes serve the API's proofs: every one was met as its leaves came in;
  // none may lie beyond them.
  await storedTree.finish();
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
    anchored: stored.length + trusted.length > 0,
    warnings: stored.length + trusted.length > 0 ? [] : [NOT_ANCHORED_WARNING],
    prunedByRetention: [...pruned].map(([streamId, { count: leaves, runId }]) => ({
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

/**
 * Items of consecutive pages, each page read after the last item of the one before; the next
 * page is asked for as soon as a page arrives, so the database reads while the caller hashes.
 */
async function* pages<T>(read: (after: T | undefined) => Promise<T[]>): AsyncGenerator<T> {
  let page = await read(undefined);
  while (page.length > 0) {
    const next = read(page[page.length - 1]);
    // Awaited below; if the caller stops first, its failure must not go unhandled.
    next.catch(() => undefined);
    yield* page;
    page = await next;
  }
}
