/**
 * npm run bench:retention — `ledger retention plan --as-of` against a plain scan of the same
 * tables, same run. Not a test: it asserts nothing and prints a table.
 *
 *   BENCH_EVENTS   events (default 1000000), in change requests of 10 events each
 *   DATABASE_URL   a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * The store is filled with one INSERT … SELECT generate_series (hashes are well-formed but not
 * a chain: neither side checks them). Half the change requests closed four years ago, a tenth
 * are open, the rest closed last year; one legal hold by system.
 *
 * 1. Plain scan: the same filtered global read through the port (`readAll` pages of 5000), the
 *    events decoded and dropped.
 * 2. Plan: that read, each stream folded into its retention record, then the plan.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { addMonths } from '@change-ledger/domain';
import { policy } from '@change-ledger/domain/change-request/testing/specs';
import {
  migrateEventStore,
  PostgresEventStore,
  type RecordedEvent,
} from '@change-ledger/event-store';
import { planFromStore } from '@change-ledger/retention';
import { type Pool } from 'pg';
import { openBenchDatabase, quietPool } from './bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PER_STREAM = 10;
const TYPES = [
  'ChangeRequestCreated',
  'ChangeRequestSubmitted',
  'ChangeApproved',
  'ChangeApproved',
  'ChangeRequestApproved',
  'ChangeImplementationStarted',
  'ChangeVerified',
  'DeploymentRecorded',
  'CiEvidenceRecorded',
  'ChangeCompleted',
];

async function fill(pool: Pool): Promise<void> {
  const fourYearsAgo = addMonths(new Date(), -48).toISOString();
  const lastYear = addMonths(new Date(), -14).toISOString();
  const chunk = 100_000;
  for (let from = 0; from < EVENTS; from += chunk) {
    const to = Math.min(EVENTS, from + chunk) - 1;
    await pool.query(
      `INSERT INTO ledger.events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
       SELECT gen_random_uuid(),
              'change-request-CHG-2022-' || lpad((n / ${PER_STREAM})::text, 7, '0'),
              n % ${PER_STREAM},
              ($3::text[])[n % ${PER_STREAM} + 1],
              jsonb_build_object(
                'changeRequestId', 'CHG-2022-' || lpad((n / ${PER_STREAM})::text, 7, '0'),
                'by', 'user-123',
                'at', CASE WHEN (n / ${PER_STREAM}) % 2 = 0 THEN $4 ELSE $5 END,
                'emergency', false,
                'content', jsonb_build_object(
                  'title', 'Change ' || n, 'description', repeat('x', 300),
                  'affectedSystems', jsonb_build_array(CASE WHEN n % 1000 < 10 THEN 'payments' ELSE 'billing' END))),
              jsonb_build_object('actor', jsonb_build_object('id', 'user-123', 'kind', 'user', 'roles', jsonb_build_array('engineer'), 'authenticatedBy', 'api-token'),
                                 'occurredAt', $4, 'recordedAt', CASE WHEN (n / ${PER_STREAM}) % 2 = 0 THEN $4 ELSE $5 END,
                                 'correlationId', gen_random_uuid()::text, 'source', jsonb_build_object('kind', 'system', 'process', 'bench')),
              repeat('0', 64), repeat('a', 64),
              (CASE WHEN (n / ${PER_STREAM}) % 2 = 0 THEN $4 ELSE $5 END)::timestamptz
         FROM generate_series($1::bigint, $2::bigint) AS n
        WHERE NOT ((n / ${PER_STREAM}) % 10 = 1 AND n % ${PER_STREAM} = ${PER_STREAM - 1})`,
      [from, to, TYPES, fourYearsAgo, lastYear],
    );
    process.stderr.write(`filled ${to + 1}/${EVENTS}\n`);
  }
  await pool.query(
    `INSERT INTO ledger.events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
     VALUES (gen_random_uuid(), 'ledger-legal-holds', 0, 'LegalHoldPlaced',
             jsonb_build_object('holdId', 'hold-1', 'scope', jsonb_build_object('kind', 'system', 'system', 'payments'),
                                'reason', 'bench', 'until', null, 'placedBy', 'sofia', 'placedAt', $1::text),
             jsonb_build_object('recordedAt', $1::text), repeat('0', 64), repeat('b', 64), $1::timestamptz)`,
    [new Date().toISOString()],
  );
  await pool.query('ANALYZE ledger.events');
}

async function plainScan(store: PostgresEventStore): Promise<number> {
  let count = 0;
  for (let after: RecordedEvent | undefined; ;) {
    const page = await store.readAll({
      after: after?.position,
      maxCount: 5000,
      filter: { streamPrefixes: ['change-request-CHG-', 'ci-event-', 'ledger-legal-holds'] },
    });
    if (page.length === 0) return count;
    count += page.length;
    after = page[page.length - 1];
  }
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const admin = quietPool({ connectionString: database.url, max: 2 });
  const store = new PostgresEventStore({ connectionString: database.url, role: 'ledger_reader' });
  try {
    await migrateEventStore(database.url);
    await fill(admin);
    const asOf = new Date();

    let started = performance.now();
    const scanned = await plainScan(store);
    const scanMs = performance.now() - started;

    started = performance.now();
    const plan = await planFromStore(
      store,
      { ...policy, version: `bench-${randomUUID()}` },
      asOf,
      (p) => {
        if (p.events % 200_000 < 5000)
          process.stderr.write(`plan: ${p.events} events, ${p.streams} streams\n`);
      },
    );
    const planMs = performance.now() - started;

    console.log(`\nbench:retention — ${database.description}, ${scanned} events`);
    console.log('| step | ms | events/s | ratio to plain scan |');
    console.log('|---|---|---|---|');
    console.log(
      `| plain scan (readAll, same filter) | ${scanMs.toFixed(0)} | ${Math.round((scanned / scanMs) * 1000)} | 1.00 |`,
    );
    console.log(
      `| retention plan --as-of | ${planMs.toFixed(0)} | ${Math.round((scanned / planMs) * 1000)} | ${(planMs / scanMs).toFixed(2)} |`,
    );
    console.log(
      `\nplan: ${plan.eligible.length} eligible, ${plan.held.length} held (as of ${plan.asOf})`,
    );
  } finally {
    await store.close();
    await admin.end();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
