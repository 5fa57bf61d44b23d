import {
  RETENTION_RUN_EVENT_TYPES,
  RETENTION_RUNS_STREAM,
  type RetentionRunEvent,
} from '@change-ledger/domain';
import { type EventStore, storedAs, type Tombstone } from '@change-ledger/event-store';
import { type VerificationFailure } from './verification-failure';

/**
 * Which removals of a whole stream are retention's: the one rule both verifiers (in full and for
 * one change request) apply to a stream whose events are gone behind a tombstone. Kept alone in
 * this file so that the rule can change in one place.
 */

/** What a retention run recorded it would delete: the stream, ending on this hash. */
export interface RecordedPruning {
  runId: string;
  lastHash: string;
}

/** What the retention runs recorded deleting (planned, then pruned), by stream. */
export async function recordedPrunings(store: EventStore): Promise<Map<string, RecordedPruning[]>> {
  const byStream = new Map<string, RecordedPruning[]>();
  for (const recorded of await store.readStream(RETENTION_RUNS_STREAM)) {
    const run = storedAs<RetentionRunEvent>(recorded, RETENTION_RUN_EVENT_TYPES);
    if (run?.type === 'RetentionBatchPlanned')
      for (const { streamId, lastHash } of run.data.records)
        byStream.set(streamId, [
          ...(byStream.get(streamId) ?? []),
          { runId: run.data.runId, lastHash },
        ]);
  }
  return byStream;
}

/**
 * A pruned stream is retention's only if a run recorded planning it as it ended, the tombstone
 * names that run, and the tombstone's last hash is the stream's last leaf. Anything else is a
 * `pruned_outside_retention` failure.
 */
export function judgePrunedStream(pruned: {
  streamId: string;
  tombstone: Tombstone;
  /** What the runs recorded planning for this stream (`recordedPrunings(…).get(streamId)`). */
  recorded: readonly RecordedPruning[];
  /** The hash of the stream's last leaf in the log. */
  lastLeafHash: string;
}): VerificationFailure | undefined {
  const { streamId, tombstone } = pruned;
  const recorded = pruned.recorded.find((planned) => planned.runId === tombstone.runId);
  const problem = !tombstone.runId
    ? 'its tombstone names no retention run'
    : !recorded
      ? `no retention run recorded planning it (the tombstone names ${tombstone.runId})`
      : recorded.lastHash !== tombstone.lastHash || tombstone.lastHash !== pruned.lastLeafHash
        ? 'its tombstone, its run and its last leaf disagree on the hash it ended on'
        : undefined;
  return problem
    ? {
        kind: 'pruned_outside_retention',
        streamId,
        detail: `${streamId} is gone but ${problem}: deleted outside retention`,
      }
    : undefined;
}
