import {
  type PrunedRecord,
  RETENTION_RUN_EVENT_TYPES,
  RETENTION_RUNS_STREAM,
  type RetentionBatchPruned,
  type RetentionRunEvent,
  type RetentionRunStarted,
} from '@change-ledger/domain';
import { type EventStore, storedAs } from '@change-ledger/event-store';

/** One run as its events tell it. */
export interface RecordedRun {
  started: RetentionRunStarted;
  planned: Map<number, PrunedRecord[]>;
  pruned: Map<number, RetentionBatchPruned>;
  /** The ids of its RetentionBatchPlanned events (a resumed run waits for them to be checkpointed). */
  planEventIds: string[];
  finished: boolean;
}

/**
 * The retention-runs stream folded: every run, the one left unfinished by a crash (if any), and
 * the months whose reports are already frozen (a month is frozen once, as first reported).
 */
export interface RunHistory {
  runs: Map<string, RecordedRun>;
  unfinished: RecordedRun | undefined;
  frozenPeriods: Set<string>;
}

export async function readRunHistory(store: EventStore): Promise<RunHistory> {
  const runs = new Map<string, RecordedRun>();
  const frozenPeriods = new Set<string>();
  for (const recorded of await store.readStream(RETENTION_RUNS_STREAM)) {
    const event = storedAs<RetentionRunEvent>(recorded, RETENTION_RUN_EVENT_TYPES);
    if (!event) continue;
    if (event.type === 'RetentionRunStarted') {
      runs.set(event.data.runId, {
        started: event.data,
        planned: new Map(),
        pruned: new Map(),
        planEventIds: [],
        finished: false,
      });
      for (const frozen of event.data.frozenReports) frozenPeriods.add(frozen.period);
      continue;
    }
    const run = runs.get(event.data.runId);
    if (!run) continue;
    if (event.type === 'RetentionBatchPlanned') {
      run.planned.set(event.data.batch, event.data.records);
      run.planEventIds.push(recorded.id);
    }
    if (event.type === 'RetentionBatchPruned') run.pruned.set(event.data.batch, event.data);
    if (event.type === 'RetentionRunFinished') run.finished = true;
  }
  const unfinished = [...runs.values()].filter((run) => !run.finished).at(-1);
  return { runs, unfinished, frozenPeriods };
}
