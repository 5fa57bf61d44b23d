import { randomUUID } from 'node:crypto';
import { type RetentionPlan } from '@change-ledger/domain';
import {
  type EventStore,
  createPool,
  EventStoreDbEventStore,
  PostgresEventStore,
} from '@change-ledger/event-store';
import { loadPolicyFile } from '@change-ledger/policy';
import { MonthlyReportQuery, ReportMonthsQuery } from '@change-ledger/read-models';
import { planFromStore, RetentionJob, type RunProgress } from '@change-ledger/retention';
import { stringify } from 'csv-stringify/sync';
import { type Pool } from 'pg';

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
  /** How long to wait for the projector to checkpoint a batch's plan before giving up. */
  checkpointWaitMs?: number;
}

/** How far the application's clock may be from the database's before a run refuses to start. */
const MAX_CLOCK_SKEW_MS = 60_000;

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
    const { rows } = await pool.query<{ login: string; now: Date }>(
      'SELECT session_user AS login, ledger_log.clock() AS now',
    );
    // The database's clock is what the deletion function and the log judge age by: a run whose
    // own clock disagrees would plan what the database then refuses (or, were it trusted, prune
    // early).
    const skew = Date.now() - rows[0]!.now.getTime();
    if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
      console.error(
        `Refusing to run: this machine's clock is ${Math.round(skew / 1000)} s from the database's; retention measures periods by the database's clock (fix NTP on one of them).`,
      );
      return 1;
    }
    const months = new ReportMonthsQuery(pool);
    const reports = new MonthlyReportQuery(pool);
    const job = new RetentionJob({
      store,
      policy,
      clock: () => new Date(),
      awaitCheckpoint: (eventIds) =>
        awaitCheckpoint(pool, eventIds, options.checkpointWaitMs ?? 300_000),
      newId: randomUUID,
      actor: {
        id: rows[0]!.login,
        kind: 'service',
        roles: ['retention'],
        authenticatedBy: 'postgres-login',
      },
      batchSize: options.batchSize,
      reports: {
        monthsOf: (ids) => months.monthsOf(ids),
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

/**
 * Polls until a signed checkpoint covers every one of the events (the projector signs at its
 * cadence); fails with what to check when it does not come.
 */
async function awaitCheckpoint(
  pool: Pool,
  eventIds: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const { rows } = await pool.query<{ covered: boolean }>(
      `SELECT count(*) = cardinality($1::uuid[]) AS covered
         FROM ledger_log.leaves l
        WHERE l.event_id = ANY ($1::uuid[])
          AND EXISTS (SELECT 1 FROM ledger_log.checkpoints c WHERE c.tree_size > l.leaf_index)`,
      [eventIds],
    );
    if (rows[0]!.covered) return;
    if (Date.now() > deadline)
      throw new Error(
        `No checkpoint covered the run's plan within ${Math.round(timeoutMs / 1000)} s: is the projector running (it sequences and signs checkpoints)?`,
      );
    if (!said) console.error('waiting for a signed checkpoint to cover the plan…');
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
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
