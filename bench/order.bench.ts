/**
 * npm run bench:order — DESIGN.md's fourth invariant under load, longer than the test's run: many
 * appenders (batches, multi-stream calls, transactions held open and some rolled back) against
 * page readers and a catch-up subscription; prints, per reader, what it missed, doubled or
 * delivered out of order. Not a test: it prints, and exits 1 when a reader missed anything.
 * First it prints what one call of the read horizon costs beside the previous function, same run.
 *
 *   BENCH_EVENTS     events to commit per run (default 200000)
 *   BENCH_RUNS       runs (default 3)
 *   BENCH_APPENDERS  appending connections (default 16)
 *   BENCH_READERS    page readers (default 4)
 *   BENCH_LOCK_TABLE_LOAD  advisory locks an idle transaction holds meanwhile (default 2000): a
 *                    longer lock table, so appenders queue on the lock manager more often
 *   BENCH_LOCK_TABLE_SCANNERS  connections reading pg_locks in a loop meanwhile (default 4)
 *   BENCH_HORIZON    `current` (default) or `pg-locks`: the horizon of migration 1763700000004,
 *                    which trusted pg_locks to list every appender's transaction id — to show what
 *                    this run finds on the old function
 *   DATABASE_URL     a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient, migrateEventStore, withClient } from '@change-ledger/event-store';
import { runGlobalOrderStress } from '../libs/event-store/src/testing/global-order-stress';
import { openBenchDatabase } from './bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const APPENDERS = Number(process.env.BENCH_APPENDERS ?? 16);
const READERS = Number(process.env.BENCH_READERS ?? 4);
const HORIZON = process.env.BENCH_HORIZON ?? 'current';
const LOCK_TABLE_LOAD = Number(process.env.BENCH_LOCK_TABLE_LOAD ?? 2000);
const LOCK_TABLE_SCANNERS = Number(process.env.BENCH_LOCK_TABLE_SCANNERS ?? 4);

/** The Up part of the migration that last defined the pg_locks horizon. */
function pgLocksHorizon(): string {
  const file = path.join(
    __dirname,
    '../libs/event-store/src/postgres/migrations/1763700000004_read-horizon-planned-once.sql',
  );
  const text = readFileSync(file, 'utf8');
  return text.slice(text.indexOf('CREATE OR REPLACE'), text.indexOf('-- Down Migration'));
}

/**
 * What one call of each horizon costs, in the same database and run: the function readers call
 * before every page. Each call is its own statement, with no appender running (the common case
 * at the head) and then with `appenders` transactions holding a stream lock and an id.
 */
async function horizonCost(url: string): Promise<void> {
  const calls = 2000;
  await withClient('bench: horizon cost', url, async (admin) => {
    await admin.query(
      `CREATE SCHEMA IF NOT EXISTS horizon_then; ${pgLocksHorizon().replace('ledger.read_horizon()', 'horizon_then.read_horizon()')}`,
    );
    const holders = await Promise.all(
      Array.from({ length: APPENDERS }, async (_, n) => {
        const client = createClient('bench: open appender', url);
        await client.connect();
        return { client, n };
      }),
    );
    const measure = async (sql: string) => {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await admin.query(sql);
      return ((performance.now() - start) * 1000) / calls;
    };
    // Warm both up (plans, caches, the JIT of this process) before anything is timed.
    for (const sql of ['SELECT ledger.read_horizon()', 'SELECT horizon_then.read_horizon()'])
      for (let i = 0; i < 200; i++) await admin.query(sql);
    const rows: Record<string, string | number>[] = [];
    for (const open of [0, APPENDERS]) {
      for (const holder of holders.slice(0, open)) {
        await holder.client.query('BEGIN');
        await holder.client.query(`SELECT pg_advisory_xact_lock(1819, ${holder.n})`);
        await holder.client.query('SELECT pg_current_xact_id()');
      }
      const bare = await measure('SELECT 1');
      const snapshot = await measure('SELECT ledger.read_horizon()');
      const pgLocks = await measure('SELECT horizon_then.read_horizon()');
      rows.push({
        'open appends': open,
        'SELECT 1 (µs/call)': Number(bare.toFixed(1)),
        'snapshot (µs/call)': Number(snapshot.toFixed(1)),
        'pg_locks, before (µs/call)': Number(pgLocks.toFixed(1)),
        ratio: Number((snapshot / pgLocks).toFixed(2)),
      });
      for (const holder of holders.slice(0, open)) await holder.client.query('ROLLBACK');
    }
    for (const holder of holders) await holder.client.end();
    console.log(`read horizon, ${calls} calls each, one round trip per call:`);
    console.table(rows);
  });
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  try {
    await migrateEventStore(database.url);
    await horizonCost(database.url);
    if (HORIZON === 'pg-locks') {
      await withClient('bench: horizon', database.url, (client) => client.query(pgLocksHorizon()));
    } else if (HORIZON !== 'current') {
      throw new Error(`BENCH_HORIZON must be current or pg-locks, got ${HORIZON}`);
    }
    console.log(
      `global order: ${RUNS} run(s) of ${EVENTS} events, ${APPENDERS} appenders, ${READERS} page readers + 1 subscription, horizon ${HORIZON}`,
    );
    let failed = false;
    for (let run = 1; run <= RUNS; run++) {
      const result = await runGlobalOrderStress({
        connectionString: database.url,
        events: EVENTS,
        appenders: APPENDERS,
        readers: READERS,
        lockTableLoad: LOCK_TABLE_LOAD,
        lockTableScanners: LOCK_TABLE_SCANNERS,
      });
      console.log(
        `run ${run}: ${result.committed} committed, ${result.rolledBack} rolled back, ` +
          `${result.calls} calls in ${result.seconds.toFixed(1)} s ` +
          `(${Math.round(result.committed / result.seconds)} events/s); ` +
          `${result.horizonsPassingAnAppender} of ${result.horizonsProbed} probed horizons passed a running append`,
      );
      console.table(
        result.readers.map((reader) => ({
          reader: reader.name,
          delivered: reader.delivered,
          missing: reader.missing.length,
          duplicates: reader.duplicates,
          'out of order': reader.outOfOrder,
          phantoms: reader.phantoms,
        })),
      );
      failed ||= result.horizonsPassingAnAppender > 0;
      failed ||= result.readers.some(
        (r) => r.missing.length + r.duplicates + r.outOfOrder + r.phantoms > 0,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

void main();
