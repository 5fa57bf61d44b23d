import { randomUUID } from 'node:crypto';
import { type RetentionPlan } from '@change-ledger/domain';
import {
  type EventStore,
  createPool,
  EventStoreDbEventStore,
  PostgresEventStore,
} from '@change-ledger/event-store';
import { loadPolicyFile } from '@change-ledger/policy';
import { ReportQueries } from '@change-ledger/read-models';
import { planFromStore, RetentionJob, type RunProgress } from '@change-ledger/retention';
import { stringify } from 'csv-stringify/sync';

export interface PlanOptions {
  asOf: Date;
  format: 'json' | 'csv';
  policyFile: string;
}

/**
 * `ledger retention plan`: what a run as of `--as-of` would prune and why, and what legal holds
 * keep; changes nothing. The plan to stdout, progress to stderr.
 */
export async function runPlan(store: EventStore, options: PlanOptions): Promise<number> {
  const { policy } = await loadPolicyFile(options.policyFile);
  const plan = await planFromStore(store, policy, options.asOf, (progress) =>
    reportProgress({ phase: 'scan', ...progress }),
  );
  console.log(options.format === 'csv' ? planCsv(plan) : JSON.stringify(plan, null, 2));
  console.error(
    `as of ${plan.asOf}: ${plan.eligible.length} record(s) to prune, ${plan.held.length} held`,
  );
  return 0;
}

export function planCsv(plan: RetentionPlan): string {
  const rows = [
    ...plan.eligible.map((line) => ({ action: 'prune', ...line, holds: '' })),
    ...plan.held.map((line) => ({ action: 'held', ...line, holds: line.holdIds.join(' ') })),
  ];
  return stringify(rows, {
    header: true,
    columns: [
      { key: 'action' },
      { key: 'streamId', header: 'record' },
      { key: 'kind' },
      { key: 'closedAt', header: 'closed_at' },
      { key: 'eligibleSince', header: 'eligible_since' },
      { key: 'lastRevision', header: 'last_revision' },
      { key: 'lastHash', header: 'last_hash' },
      { key: 'holds' },
    ],
  }).trimEnd();
}

export interface RunOptions {
  /** RETENTION_DATABASE_URL: a login of the ledger_retention role, never the API's. */
  retentionDatabaseUrl: string;
  /**
   * With EventStoreDB the events are there (its retention user's credentials in the URL; its
   * ACLs, not PostgreSQL, restrict deletion) and RETENTION_DATABASE_URL reaches the read models.
   */
  eventStoreDbUrl?: string;
  policyFile: string;
  batchSize: number;
}

/**
 * `ledger retention run`: the job, connected with its own credentials. Prunes in batches with
 * progress, resumes a run a crash left unfinished, records everything in ledger-retention-runs.
 * On PostgreSQL the deletion function is what enforces retention (ADR 0008-retention).
 */
export async function runRetention(options: RunOptions): Promise<number> {
  const { policy } = await loadPolicyFile(options.policyFile);
  const store: EventStore = options.eventStoreDbUrl
    ? new EventStoreDbEventStore({ connectionString: options.eventStoreDbUrl })
    : new PostgresEventStore({ connectionString: options.retentionDatabaseUrl });
  const pool = createPool('retention', {
    connectionString: options.retentionDatabaseUrl,
    max: 2,
  });
  try {
    const { rows } = await pool.query<{ login: string }>('SELECT session_user AS login');
    const reports = new ReportQueries(pool);
    const job = new RetentionJob({
      store,
      policy,
      clock: () => new Date(),
      newId: randomUUID,
      actor: {
        id: rows[0]!.login,
        kind: 'service',
        roles: ['retention'],
        authenticatedBy: 'postgres-login',
      },
      batchSize: options.batchSize,
      reports: {
        monthsOf: (ids) => reports.monthsOf(ids),
        monthlyReport: (period) => reports.monthly(period, policy.changeTypes),
      },
      onProgress: reportProgress,
    });
    const result = await job.run();
    console.log(JSON.stringify(result, null, 2));
    console.error(
      `run ${result.runId}${result.resumed ? ' (resumed)' : ''}: ${result.pruned} stream(s) pruned, ${result.eventsDeleted} event(s), ${result.skipped} skipped`,
    );
    return 0;
  } finally {
    await Promise.all([store.close(), pool.end()]);
  }
}

let lastScanReport = 0;
function reportProgress(progress: RunProgress): void {
  if (progress.phase === 'scan') {
    // A line every 100k events is progress enough on a large store, and silence on a small one.
    if (progress.events - lastScanReport < 100_000) return;
    lastScanReport = progress.events;
    console.error(`scanned ${progress.events} events of ${progress.streams} streams`);
    return;
  }
  console.error(`batch ${progress.batch}: ${progress.pruned}/${progress.of} pruned`);
}
