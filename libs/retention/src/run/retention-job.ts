import {
  changeRequestIdOfStream,
  type FrozenMonthlyReport,
  type Policy,
  type PrunedRecord,
  RETENTION_RUNS_STREAM,
  type RetentionBatchPruned,
  type RetentionRunEvent,
} from '@change-ledger/domain';
import {
  type Actor,
  DeletionRefusedError,
  type EventStore,
  jsonData,
  StreamNotFoundError,
} from '@change-ledger/event-store';
import { planFromStore, type ScanProgress } from '../plan/scan-store';
import { readRunHistory, type RecordedRun } from './run-history';

/** The reports a run freezes before it removes changes they count (libs/read-models). */
export interface ReportFreezer {
  /** The months (`2026-03`) whose monthly report counts these change requests. */
  monthsOf(changeRequestIds: readonly string[]): Promise<string[]>;
  monthlyReport(period: string): Promise<Record<string, unknown>>;
}

export type RunProgress =
  | ({ phase: 'scan' } & ScanProgress)
  | { phase: 'prune'; batch: number; pruned: number; of: number };

export interface RetentionJobOptions {
  /** The store as the retention role sees it (RETENTION_DATABASE_URL). */
  store: EventStore;
  policy: Policy;
  clock: () => Date;
  newId: () => string;
  /** Who runs it, as the database authenticated the connection. */
  actor: Actor;
  batchSize?: number;
  reports?: ReportFreezer;
  onProgress?: (progress: RunProgress) => void;
  /** Called after each stream is deleted; a test stops the run there as a crash would. */
  afterDelete?: (streamId: string) => Promise<void> | void;
  /**
   * Resolves once the log has covered these events (the batch's plan) with a signed checkpoint.
   * The PostgreSQL store deletes nothing a run planned before that, and `ledger verify` accepts
   * a prune only when its plan was checkpointed before the deletion: the justification is on
   * record, signed, before anything goes.
   */
  awaitCheckpoint: (eventIds: readonly string[]) => Promise<void>;
}

export interface RetentionRunResult {
  runId: string;
  resumed: boolean;
  asOf: string;
  pruned: number;
  eventsDeleted: number;
  skipped: number;
}

/**
 * `ledger retention run`: prunes what the plan says, in batches, and records it all in the
 * retention-runs stream. Resumable: a run left unfinished is picked up where it stopped (its
 * interrupted batch first, recognised by the tombstones the run left), with the same cut-off,
 * so a crash changes nothing of the result.
 *
 * Order per batch: RetentionBatchPlanned (the database deletes only what it lists), the
 * deletions, then RetentionBatchPruned with each stream's last hash.
 */
export class RetentionJob {
  private readonly batchSize: number;

  constructor(private readonly options: RetentionJobOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  async run(): Promise<RetentionRunResult> {
    const { store, policy } = this.options;
    const history = await readRunHistory(store);
    let run = history.unfinished;
    const resumed = run !== undefined;
    const asOf = run ? new Date(run.started.asOf) : this.options.clock();
    const plan = await planFromStore(store, policy, asOf, (progress) =>
      this.options.onProgress?.({ phase: 'scan', ...progress }),
    );
    if (!run) {
      const frozenReports = await this.freezeReports(plan.eligible, history.frozenPeriods);
      const started = {
        runId: this.options.newId(),
        policyVersion: policy.version,
        asOf: plan.asOf,
        cutoffs: plan.cutoffs,
        eligible: plan.eligible.length,
        held: plan.held.length,
        frozenReports,
      };
      await this.record(started.runId, [{ type: 'RetentionRunStarted', data: started }]);
      run = { started, planned: new Map(), pruned: new Map(), planEventIds: [], finished: false };
    }
    const runId = run.started.runId;

    const interrupted = [...run.planned].filter(([batch]) => !run.pruned.has(batch));
    if (interrupted.length > 0) await this.options.awaitCheckpoint(run.planEventIds);
    for (const [batch, records] of interrupted) await this.pruneBatch(run, batch, records);

    const handled = new Set([...run.planned.values()].flat().map((record) => record.streamId));
    const remaining = plan.eligible.filter((record) => !handled.has(record.streamId));
    let batch = Math.max(0, ...run.planned.keys());
    for (let start = 0; start < remaining.length; start += this.batchSize) {
      const records = remaining.slice(start, start + this.batchSize);
      batch += 1;
      const plan = await this.record(runId, [
        { type: 'RetentionBatchPlanned', data: { runId, batch, records } },
      ]);
      run.planned.set(batch, records);
      await this.options.awaitCheckpoint(plan);
      await this.pruneBatch(run, batch, records);
    }

    const batches = [...run.pruned.values()];
    const totals = {
      pruned: batches.reduce((sum, b) => sum + b.streams.length, 0),
      eventsDeleted: batches.reduce(
        (sum, b) => sum + b.streams.reduce((n, s) => n + s.eventsDeleted, 0),
        0,
      ),
      skipped: batches.reduce((sum, b) => sum + b.skipped.length, 0),
    };
    await this.record(runId, [
      {
        type: 'RetentionRunFinished',
        data: { runId, ...totals, finishedAt: this.options.clock().toISOString() },
      },
    ]);
    return { runId, resumed, asOf: run.started.asOf, ...totals };
  }

  private async pruneBatch(run: RecordedRun, batch: number, records: PrunedRecord[]) {
    const { store } = this.options;
    const runId = run.started.runId;
    const done: RetentionBatchPruned = { runId, batch, streams: [], skipped: [] };
    for (const record of records) {
      const tombstone = await store.tombstone(record.streamId);
      if (tombstone?.runId === runId) {
        // Deleted before the crash: what the tombstone kept is what went.
        const { lastHash, eventsDeleted } = tombstone;
        done.streams.push({ streamId: record.streamId, lastHash, eventsDeleted });
        continue;
      }
      if (tombstone) {
        done.skipped.push({ streamId: record.streamId, reason: 'already pruned by another run' });
        continue;
      }
      try {
        const result = await store.deleteStream(record.streamId, { runId });
        done.streams.push({
          streamId: record.streamId,
          lastHash: result.lastHash,
          eventsDeleted: result.eventsDeleted,
        });
      } catch (error) {
        // Held or changed since it was planned: left for the next run, with the database's reason.
        if (!(error instanceof DeletionRefusedError || error instanceof StreamNotFoundError))
          throw error;
        done.skipped.push({ streamId: record.streamId, reason: error.message });
        continue;
      }
      await this.options.afterDelete?.(record.streamId);
    }
    await this.record(runId, [{ type: 'RetentionBatchPruned', data: done }]);
    run.pruned.set(batch, done);
    this.options.onProgress?.({
      phase: 'prune',
      batch,
      pruned: [...run.pruned.values()].reduce((sum, b) => sum + b.streams.length, 0),
      of: run.started.eligible,
    });
  }

  /** The monthly reports of the months the pruned changes count in, unless already frozen. */
  private async freezeReports(
    eligible: readonly PrunedRecord[],
    alreadyFrozen: ReadonlySet<string>,
  ): Promise<FrozenMonthlyReport[]> {
    const reports = this.options.reports;
    if (!reports) return [];
    const changeRequestIds = eligible
      .filter((record) => record.kind === 'change_request')
      .flatMap((record) => changeRequestIdOfStream(record.streamId) ?? []);
    if (changeRequestIds.length === 0) return [];
    const months = (await reports.monthsOf(changeRequestIds)).filter(
      (month) => !alreadyFrozen.has(month),
    );
    const frozen: FrozenMonthlyReport[] = [];
    for (const period of months.sort())
      frozen.push({ period, report: await reports.monthlyReport(period) });
    return frozen;
  }

  /** Appends the run's events; returns their ids. */
  private async record(runId: string, events: RetentionRunEvent[]): Promise<string[]> {
    const ids = events.map(() => this.options.newId());
    await this.options.store.appendToStream(
      RETENTION_RUNS_STREAM,
      events.map((event, index) => ({
        id: ids[index]!,
        type: event.type,
        data: jsonData(event.data),
        metadata: {
          actor: this.options.actor,
          occurredAt: this.options.clock().toISOString(),
          correlationId: runId,
          source: { kind: 'system', process: 'retention' },
        },
      })),
      { expectedRevision: 'any' },
    );
    return ids;
  }
}
