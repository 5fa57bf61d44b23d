import { RETENTION_RUNS_STREAM, type RetentionRunEvent } from '@change-ledger/domain';
import { type RecordedEvent, storedAs } from '@change-ledger/event-store';
import { type ClientBase } from 'pg';
import { type Projection } from '../projection/projection';

/**
 * Monthly reports as they were reported before a retention run removed changes they count: the
 * run froze them in its RetentionRunStarted event, so a rebuild restores them exactly. A month is
 * frozen once; a later run does not refreeze it.
 */
export const frozenReportsProjection: Projection = {
  name: 'frozen-reports',
  filter: { streamPrefixes: [RETENTION_RUNS_STREAM] },
  tables: ['frozen_monthly_reports'],

  async apply(tx: ClientBase, events: readonly RecordedEvent[], table: (name: string) => string) {
    for (const recorded of events) {
      const event = storedAs<RetentionRunEvent>(recorded, ['RetentionRunStarted']);
      if (event?.type !== 'RetentionRunStarted') continue;
      for (const { period, report } of event.data.frozenReports)
        await tx.query(
          `INSERT INTO ${table('frozen_monthly_reports')} (period, report, run_id, frozen_at)
           VALUES ($1, $2, $3, $4) ON CONFLICT (period) DO NOTHING`,
          [period, JSON.stringify(report), event.data.runId, recorded.metadata.recordedAt],
        );
    }
  },
};

/** The streams a RetentionBatchPruned event removed, for the projections that drop their rows. */
export function prunedStreams(event: RecordedEvent): string[] {
  const pruned = storedAs<RetentionRunEvent>(event, ['RetentionBatchPruned']);
  return pruned?.type === 'RetentionBatchPruned'
    ? pruned.data.streams.map((stream) => stream.streamId)
    : [];
}
