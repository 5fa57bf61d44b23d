import {
  CHANGE_REQUEST_STREAM_PREFIX,
  LEGAL_HOLD_EVENT_TYPES,
  LEGAL_HOLDS_STREAM,
  type LegalHoldEvent,
  type PrunedRecord,
  RETENTION_RUN_EVENT_TYPES,
  RETENTION_RUNS_STREAM,
  type RetentionRunEvent,
} from '@change-ledger/domain';
import { type EventStore, storedAs, type Tombstone } from '@change-ledger/event-store';
import { type LogStore } from '../log/log-store';
import { type VerificationFailure } from './verification-failure';

/**
 * Which removals of a whole stream are retention's: the one rule both verifiers (in full and for
 * one change request) apply to a stream whose leaves have no events behind a tombstone (DESIGN.md
 * § Retention, issue 24). A removal is retention's only when all of this holds, each read from
 * evidence an insider cannot write after the fact — events in the log and the log's signed
 * checkpoints (and their signed times):
 *
 *   * the tombstone names a run, whose plan lists the stream ending on the hash the tombstone and
 *     the stream's last leaf end on, and the tombstone counts exactly the stream's leaves;
 *   * the plan was sequenced and covered by a checkpoint before the run recorded the deletion;
 *   * the stream's last event was first covered by a checkpoint at least 12 months (the floor of
 *     POL-RETAIN-12M) before the plan was — "sequenced time", the checkpoint's signed time;
 *   * no legal hold recorded before the deletion (and not released before it) kept the stream —
 *     by change request, or by a time range its sequenced times fall in. A hold by affected system
 *     cannot be judged here once the content is gone: the database judged it at deletion time;
 *   * what the run recorded pruning (RetentionBatchPruned), where it has, matches the tombstone,
 *     the tombstone names the login that recorded the run, and is not dated before the plan.
 *
 * Where a checkpoint states no time (signed before checkpoints carried one), the floor cannot be
 * judged from the log and is left to the database's check at deletion time.
 */

const FLOOR_MONTHS = 12;

/** What the log holds of a stream whose events are gone. */
export interface PrunedLeaves {
  count: number;
  firstIndex: number;
  lastIndex: number;
  lastHash: string;
}

interface RunPlan {
  eventId: string;
  leafIndex: number | undefined;
  storeTime: string | undefined;
  /** Who recorded it: the run's own database login (its actor), who also deletes. */
  recordedBy: string;
  batch: number;
  records: PrunedRecord[];
}

interface RunPruned {
  leafIndex: number | undefined;
  streams: { streamId: string; lastHash: string; eventsDeleted: number }[];
}

interface HoldRecord {
  holdId: string;
  placedAt: number | undefined;
  releasedAt: number | undefined;
  scope: { kind: string; changeRequestId?: string; from?: string; to?: string };
  until: string | null;
}

/** The evidence retention left in the log: runs, holds, and the checkpoints' signed times. */
export class RetentionEvidence {
  private constructor(
    private readonly plans: Map<string, RunPlan[]>,
    private readonly prunedBatches: Map<string, RunPruned>,
    private readonly holds: HoldRecord[],
    /** Checkpoint sizes with their signed times, ascending by size. */
    private readonly times: { size: number; time: Date | undefined }[],
  ) {}

  static async gather(
    store: EventStore,
    log: LogStore,
    checkpoints: readonly { size: number; time?: Date }[],
  ): Promise<RetentionEvidence> {
    const runEvents = await store.readStream(RETENTION_RUNS_STREAM);
    const holdEvents = await store.readStream(LEGAL_HOLDS_STREAM);
    const leafIndexes = await log.leafIndexes([...runEvents, ...holdEvents].map((e) => e.id));
    const plans = new Map<string, RunPlan[]>();
    const prunedBatches = new Map<string, RunPruned>();
    for (const recorded of runEvents) {
      const run = storedAs<RetentionRunEvent>(recorded, RETENTION_RUN_EVENT_TYPES);
      if (run?.type === 'RetentionBatchPlanned')
        plans.set(run.data.runId, [
          ...(plans.get(run.data.runId) ?? []),
          {
            eventId: recorded.id,
            leafIndex: leafIndexes.get(recorded.id),
            storeTime: recorded.integrity.recordedAt,
            recordedBy: recorded.metadata.actor.id,
            batch: run.data.batch,
            records: run.data.records,
          },
        ]);
      if (run?.type === 'RetentionBatchPruned')
        prunedBatches.set(`${run.data.runId} ${run.data.batch}`, {
          leafIndex: leafIndexes.get(recorded.id),
          streams: run.data.streams,
        });
    }
    const holds = new Map<string, HoldRecord>();
    for (const recorded of holdEvents) {
      const hold = storedAs<LegalHoldEvent>(recorded, LEGAL_HOLD_EVENT_TYPES);
      if (hold?.type === 'LegalHoldPlaced')
        holds.set(hold.data.holdId, {
          holdId: hold.data.holdId,
          placedAt: leafIndexes.get(recorded.id) ?? Number.POSITIVE_INFINITY,
          releasedAt: undefined,
          scope: hold.data.scope as HoldRecord['scope'],
          until: hold.data.until ?? null,
        });
      if (hold?.type === 'LegalHoldReleased') {
        const placed = holds.get(hold.data.holdId);
        if (placed && placed.releasedAt === undefined)
          placed.releasedAt = leafIndexes.get(recorded.id) ?? Number.POSITIVE_INFINITY;
      }
    }
    const times = [...checkpoints]
      .sort((a, b) => a.size - b.size)
      .map(({ size, time }) => ({ size, time }));
    return new RetentionEvidence(plans, prunedBatches, [...holds.values()], times);
  }

  /** The signed time of the first checkpoint that covers the leaf, where one states a time. */
  sequencedAt(leafIndex: number): Date | undefined {
    return this.times.find((checkpoint) => checkpoint.size > leafIndex)?.time;
  }

  /** Whether a checkpoint covers the leaf and not yet `before` (exclusive bound on leaf index). */
  private checkpointedBetween(leafIndex: number, beforeLeaf: number | undefined): boolean {
    return this.times.some(
      (checkpoint) =>
        checkpoint.size > leafIndex && (beforeLeaf === undefined || checkpoint.size <= beforeLeaf),
    );
  }

  judge(streamId: string, tombstone: Tombstone, leaves: PrunedLeaves): string | undefined {
    if (!tombstone.runId) return 'its tombstone names no retention run';
    const plan = [...(this.plans.get(tombstone.runId) ?? [])]
      .reverse()
      .find((candidate) => candidate.records.some((record) => record.streamId === streamId));
    const record = plan?.records.find((candidate) => candidate.streamId === streamId);
    if (!plan || !record)
      return `no retention run recorded planning it (the tombstone names ${tombstone.runId})`;
    if (record.lastHash !== tombstone.lastHash || tombstone.lastHash !== leaves.lastHash)
      return 'its tombstone, its run and its last leaf disagree on the hash it ended on';
    if (tombstone.eventsDeleted !== leaves.count || tombstone.lastRevision + 1 !== leaves.count)
      return `its tombstone counts ${tombstone.eventsDeleted} event(s) to revision ${tombstone.lastRevision}, the log holds ${leaves.count} leaves of it`;
    const pruned = this.prunedBatches.get(`${tombstone.runId} ${plan.batch}`);
    if (pruned) {
      const said = pruned.streams.find((entry) => entry.streamId === streamId);
      if (!said || said.lastHash !== tombstone.lastHash || said.eventsDeleted !== leaves.count)
        return `its run's record of batch ${plan.batch} does not say it pruned it as the tombstone does`;
    }
    if (
      plan.leafIndex === undefined ||
      !this.checkpointedBetween(plan.leafIndex, pruned?.leafIndex)
    )
      return `its run's plan (batch ${plan.batch}) was not covered by a checkpoint before the run recorded the deletion`;
    if (tombstone.deletedBy !== plan.recordedBy)
      return `its tombstone says ${tombstone.deletedBy} deleted it, its run was recorded by ${plan.recordedBy}`;
    if (plan.storeTime && Date.parse(tombstone.deletedAt) < Date.parse(plan.storeTime))
      return `its tombstone is dated ${tombstone.deletedAt}, before its run's plan (${plan.storeTime})`;
    const closed = this.sequencedAt(leaves.lastIndex);
    const planned = this.sequencedAt(plan.leafIndex);
    if (closed && planned && addMonths(closed, FLOOR_MONTHS) > planned)
      return `its last event was first checkpointed at ${closed.toISOString()}, less than ${FLOOR_MONTHS} months before its run's plan was (${planned.toISOString()})`;
    const hold = this.holdKeeping(streamId, leaves, pruned?.leafIndex, planned);
    if (hold) return `legal hold ${hold} was recorded before the deletion and kept it`;
    return undefined;
  }

  private holdKeeping(
    streamId: string,
    leaves: PrunedLeaves,
    deletionLeaf: number | undefined,
    planned: Date | undefined,
  ): string | undefined {
    const deletedBy = deletionLeaf ?? Number.POSITIVE_INFINITY;
    const changeRequestId = streamId.startsWith(CHANGE_REQUEST_STREAM_PREFIX)
      ? streamId.slice(CHANGE_REQUEST_STREAM_PREFIX.length)
      : undefined;
    const first = this.sequencedAt(leaves.firstIndex);
    const last = this.sequencedAt(leaves.lastIndex);
    for (const hold of this.holds) {
      if (hold.placedAt === undefined || hold.placedAt >= deletedBy) continue;
      if (hold.releasedAt !== undefined && hold.releasedAt < deletedBy) continue;
      if (hold.until && planned && Date.parse(hold.until) <= planned.getTime()) continue;
      const covers = (() => {
        switch (hold.scope.kind) {
          case 'change_request':
            return changeRequestId !== undefined && hold.scope.changeRequestId === changeRequestId;
          case 'time_range':
            return (
              first !== undefined &&
              last !== undefined &&
              first.getTime() <= Date.parse(hold.scope.to ?? '') &&
              last.getTime() >= Date.parse(hold.scope.from ?? '')
            );
          case 'system':
            return false; // judged by the database at deletion time; the content is gone
          default:
            return true; // a scope this verifier does not know holds everything: fail closed
        }
      })();
      if (covers) return hold.holdId;
    }
    return undefined;
  }
}

/** The failure for a stream whose removal retention does not account for, or none. */
export function judgePrunedStream(pruned: {
  streamId: string;
  tombstone: Tombstone;
  leaves: PrunedLeaves;
  evidence: RetentionEvidence;
}): VerificationFailure | undefined {
  const problem = pruned.evidence.judge(pruned.streamId, pruned.tombstone, pruned.leaves);
  return problem
    ? {
        kind: 'pruned_outside_retention',
        streamId: pruned.streamId,
        detail: `${pruned.streamId} is gone but ${problem}: deleted outside retention`,
      }
    : undefined;
}

/** A tombstone that stands while events of its stream remain: a frozen or partly deleted stream. */
export function tombstoneOverLiveEvents(streamId: string): VerificationFailure {
  return {
    kind: 'pruned_outside_retention',
    streamId,
    detail: `${streamId} has a tombstone yet events of it remain: a partial deletion, or a live stream frozen: deleted outside retention`,
  };
}

function addMonths(at: Date, months: number): Date {
  const next = new Date(at.getTime());
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}
