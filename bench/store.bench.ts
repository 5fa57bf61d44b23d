/**
 * npm run bench:store — the PostgreSQL event store against plain `pg` on an equivalent bare table,
 * same database, same run. Not a test: it asserts nothing and prints a table.
 *
 *   BENCH_EVENTS   events per scenario (default 100000)
 *   DATABASE_URL   a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * The bare table has the same columns and unique keys minus what the ledger adds (hash chain,
 * transaction id); its writer does no validation, no concurrency check, no hashing, no lock.
 */
import { performance } from 'node:perf_hooks';
import { type Client, Pool } from 'pg';
import { migrateEventStore, type NewEvent, PostgresEventStore } from '@change-ledger/event-store';
import { benchEvent, openBenchDatabase, quietOnDrop } from './bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const STREAMS = 1000;
const BATCH = 100;
const WRITERS = 8;

interface Row {
  scenario: string;
  events: number;
  ledgerPerSecond: number;
  rawPerSecond: number;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const url = bench.url;
  console.log(`${bench.description}, ${EVENTS} events per scenario\n`);

  await migrateEventStore(url);
  const store = new PostgresEventStore({
    connectionString: url,
    role: 'ledger_writer',
    poolSize: WRITERS + 2,
  });
  const raw = quietOnDrop(new Pool({ connectionString: url, max: WRITERS + 2 }));
  await raw.query(`
    CREATE TABLE bare_events (
      id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL,
      revision bigint NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL, UNIQUE (stream_id, revision))`);
  const insertRaw = (
    events: Array<{ stream: string; revision: number; event: NewEvent }>,
    client: Pool | Client = raw,
  ) =>
    client.query(
      `INSERT INTO bare_events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])`,
      [
        events.map((e) => e.event.id),
        events.map((e) => e.stream),
        events.map((e) => e.revision),
        events.map((e) => e.event.type),
        events.map((e) => JSON.stringify(e.event.data)),
        events.map((e) => JSON.stringify(e.event.metadata)),
        events.map(() => new Date().toISOString()),
      ],
    );

  const rows: Row[] = [];
  const run = async (scenario: string, ledger: () => Promise<void>, bare: () => Promise<void>) => {
    const ledgerSeconds = await timed(ledger);
    const rawSeconds = await timed(bare);
    rows.push({
      scenario,
      events: EVENTS,
      ledgerPerSecond: EVENTS / ledgerSeconds,
      rawPerSecond: EVENTS / rawSeconds,
    });
    console.log(`  done: ${scenario}`);
  };

  // 1. One event per append, one writer, round-robin over STREAMS streams.
  await run(
    '1 event per append',
    async () => {
      for (let n = 0; n < EVENTS; n++) {
        const revision = Math.floor(n / STREAMS);
        await store.appendToStream(`single-${n % STREAMS}`, [benchEvent(n)], {
          expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
        });
      }
    },
    async () => {
      for (let n = 0; n < EVENTS; n++) {
        await insertRaw([
          {
            stream: `single-${n % STREAMS}`,
            revision: Math.floor(n / STREAMS),
            event: benchEvent(n),
          },
        ]);
      }
    },
  );

  // 2. BATCH events per append.
  await run(
    `${BATCH} events per append`,
    async () => {
      for (let b = 0; b < EVENTS / BATCH; b++) {
        const events = Array.from({ length: BATCH }, (_, i) => benchEvent(b * BATCH + i));
        await store.appendToStream(`batch-${b}`, events, { expectedRevision: 'no_stream' });
      }
    },
    async () => {
      for (let b = 0; b < EVENTS / BATCH; b++) {
        await insertRaw(
          Array.from({ length: BATCH }, (_, i) => ({
            stream: `batch-${b}`,
            revision: i,
            event: benchEvent(b * BATCH + i),
          })),
        );
      }
    },
  );

  // 3. WRITERS concurrent writers, each on its own streams, one event per append.
  const perWriter = EVENTS / WRITERS;
  await run(
    `${WRITERS} concurrent writers`,
    () =>
      inParallel(WRITERS, async (writer) => {
        for (let n = 0; n < perWriter; n++) {
          const stream = `writer-${writer}-${n % 100}`;
          const revision = Math.floor(n / 100);
          await store.appendToStream(stream, [benchEvent(n)], {
            expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
          });
        }
      }),
    () =>
      inParallel(WRITERS, async (writer) => {
        for (let n = 0; n < perWriter; n++) {
          await insertRaw([
            {
              stream: `writer-${writer}-${n % 100}`,
              revision: Math.floor(n / 100),
              event: benchEvent(n),
            },
          ]);
        }
      }),
  );

  // 4. Read the global order back, page by page; both sides read the same number of events.
  await run(
    'read the global order',
    async () => {
      let read = 0;
      let after: Awaited<ReturnType<typeof store.readAll>>[number]['position'] | undefined;
      while (read < EVENTS) {
        const page = await store.readAll({ after, maxCount: 1000 });
        read += page.length;
        after = page[page.length - 1]!.position;
      }
    },
    async () => {
      let read = 0;
      let after = 0;
      while (read < EVENTS) {
        const { rows: page } = await raw.query<{ id: string }>(
          'SELECT id, event_id, stream_id, revision, type, data, metadata FROM bare_events WHERE id > $1 ORDER BY id LIMIT 1000',
          [after],
        );
        read += page.length;
        after = Number(page[page.length - 1]!.id);
      }
    },
  );

  await store.close();
  await raw.end();
  await bench.close();

  console.log('\n| scenario | events | ledger events/s | plain pg events/s | ledger / plain |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.scenario} | ${row.events} | ${Math.round(row.ledgerPerSecond)} | ${Math.round(row.rawPerSecond)} | ${(row.ledgerPerSecond / row.rawPerSecond).toFixed(2)} |`,
    );
  }
}

async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, index) => work(index)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
