/**
 * npm run bench:store — the PostgreSQL event store against plain `pg` on an equivalent bare table
 * and against its peer, Emmett's PostgreSQL event store (`bench/emmett-peer.ts`), same server, same
 * process, same run. Not a test: it prints tables, and fails only when a side did not store every
 * event it was given.
 *
 *   BENCH_EVENTS   events per workload and level (default 100000)
 *   BENCH_STORED   comma-separated store sizes to measure at (default 100000,1000000): before a
 *                  level's workloads both tables are filled up to that many events, so the cost
 *                  per event at each size shows whether it stays flat
 *   DATABASE_URL   a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * Each workload runs in ten slices, ours, plain and Emmett taking turns (which goes first rotates),
 * so that every side sees the same load on a shared machine.
 *
 * Then, at the last level: an append with its signed receipt against one without (ADR 0019).
 *
 * The bare table has the same columns and unique keys minus what the ledger adds (hash chain,
 * transaction id); its writer does no validation, no concurrency check, no hashing, no lock, and
 * each of its statements is its own transaction, as each of the ledger's appends now is.
 *
 * Emmett (the version bench/peers/emmett locks) writes to a database of its own on the same server,
 * its schema made before anything is timed, filled to each level like the others, through its
 * public API: `appendToStream` with the expected stream version wherever ours checks a revision
 * (for a new stream, its `STREAM_DOES_NOT_EXIST`), `withSession` for many streams (each append in
 * it is still its own transaction: Emmett has no atomic multi-stream append), and
 * `readMessagesBatch`, what its consumers page the global order with.
 */
import { performance } from 'node:perf_hooks';
import { type Client, type Pool } from 'pg';
import {
  type GlobalPosition,
  migrateEventStore,
  type NewEvent,
  PostgresEventStore,
} from '@change-ledger/event-store';
import {
  generateSignerKey,
  parseSignerKey,
  ReceiptingEventStore,
  WriteReceipts,
} from '@change-ledger/integrity';
import { benchEvent, openBenchDatabase, quietPool } from './bench-database';
import { type EmmettEvent, emmettExpected, fillEmmett, openEmmettPeer } from './emmett-peer';

const SLICES = 10;
const STREAMS = 1000;
const BATCH = 100;
const WRITERS = 8;
const PAGE = 1000;
/** Each workload runs in SLICES slices, the sides taking turns, so all see the same load. */
const SLICE =
  Math.max(1, Math.floor(Number(process.env.BENCH_EVENTS ?? 100_000) / SLICES / 200)) * 200;
const EVENTS = SLICE * SLICES;
const LEVELS = (process.env.BENCH_STORED ?? '100000,1000000').split(',').map(Number);

const SIDES = ['ours', 'plain', 'emmett'] as const;
type Side = (typeof SIDES)[number];
const LABELS: Record<Side, string> = { ours: 'ours', plain: 'plain pg', emmett: 'Emmett' };

/** One workload at one level: each side does events [from, to) of it. */
interface Workload extends Record<Side, (from: number, to: number) => Promise<void>> {
  name: string;
  goal: number;
}

interface Measured {
  workload: string;
  goal: number;
  level: number;
  perSecond: Record<Side, number>;
}

type BareRow = { stream: string; revision: number; event: NewEvent };

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const url = bench.url;
  const emmettUrl = await bench.another('emmett');
  const emmett = await openEmmettPeer(emmettUrl);
  const emmettRaw = quietPool({ connectionString: emmettUrl, max: 2 });
  console.log(
    `${bench.description}, Emmett ${emmett.version} in its own database beside it; ${EVENTS} events per workload; measured at ${LEVELS.join(', ')} stored events\n`,
  );

  await migrateEventStore(url);
  const store = new PostgresEventStore({
    connectionString: url,
    role: 'ledger_writer',
    poolSize: WRITERS + 2,
  });
  const raw = quietPool({ connectionString: url, max: WRITERS + 2 });
  await raw.query(`
    CREATE TABLE bare_events (
      id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL,
      revision bigint NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL, UNIQUE (stream_id, revision))`);
  const insertRaw = (rows: BareRow[], client: Pool | Client = raw) =>
    client.query(
      `INSERT INTO bare_events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])`,
      [
        rows.map((row) => row.event.id),
        rows.map((row) => row.stream),
        rows.map((row) => row.revision),
        rows.map((row) => row.event.type),
        rows.map((row) => JSON.stringify(row.event.data)),
        rows.map((row) => JSON.stringify(row.event.metadata)),
        rows.map(() => new Date().toISOString()),
      ],
    );
  const expectedAfter = (revision: number) => (revision === 0 ? 'no_stream' : revision - 1);
  const emmettEvent = ({ type, data, metadata }: ReturnType<typeof benchEvent>): EmmettEvent => ({
    type,
    data,
    metadata,
  });

  const workloadsAt = (level: string): Workload[] => {
    let oursAfter: GlobalPosition | undefined;
    let plainAfter = 0;
    let emmettAfter = 0n;
    return [
      {
        name: 'append, 1 event per call',
        goal: 0.8,
        ours: async (from, to) => {
          for (let n = from; n < to; n++) {
            await store.appendToStream(`${level}-single-${n % STREAMS}`, [benchEvent(n)], {
              expectedRevision: expectedAfter(Math.floor(n / STREAMS)),
            });
          }
        },
        plain: async (from, to) => {
          for (let n = from; n < to; n++) {
            await insertRaw([
              {
                stream: `${level}-single-${n % STREAMS}`,
                revision: Math.floor(n / STREAMS),
                event: benchEvent(n),
              },
            ]);
          }
        },
        emmett: async (from, to) => {
          for (let n = from; n < to; n++) {
            await emmett.store.appendToStream(
              `${level}-single-${n % STREAMS}`,
              [emmettEvent(benchEvent(n))],
              { expectedStreamVersion: emmettExpected(Math.floor(n / STREAMS)) },
            );
          }
        },
      },
      {
        name: `append, ${BATCH} events per call`,
        goal: 0.6,
        ours: async (from, to) => {
          for (let b = from / BATCH; b < to / BATCH; b++) {
            const events = Array.from({ length: BATCH }, (_, i) => benchEvent(b * BATCH + i));
            await store.appendToStream(`${level}-batch-${b}`, events, {
              expectedRevision: 'no_stream',
            });
          }
        },
        plain: async (from, to) => {
          for (let b = from / BATCH; b < to / BATCH; b++) {
            await insertRaw(
              Array.from({ length: BATCH }, (_, i) => ({
                stream: `${level}-batch-${b}`,
                revision: i,
                event: benchEvent(b * BATCH + i),
              })),
            );
          }
        },
        emmett: async (from, to) => {
          for (let b = from / BATCH; b < to / BATCH; b++) {
            const events = Array.from({ length: BATCH }, (_, i) =>
              emmettEvent(benchEvent(b * BATCH + i)),
            );
            await emmett.store.appendToStream(`${level}-batch-${b}`, events, {
              expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
            });
          }
        },
      },
      {
        // What ingestion does with a Kafka batch: one event to each of many streams, in one call.
        name: `append, ${BATCH} streams × 1 event per call`,
        goal: 0.6,
        ours: async (from, to) => {
          for (let b = from / BATCH; b < to / BATCH; b++) {
            await store.appendToStreams(
              Array.from({ length: BATCH }, (_, i) => {
                const n = b * BATCH + i;
                return {
                  streamId: `${level}-multi-${n % STREAMS}`,
                  events: [benchEvent(n)],
                  expectedRevision: expectedAfter(Math.floor(n / STREAMS)),
                };
              }),
            );
          }
        },
        plain: async (from, to) => {
          for (let b = from / BATCH; b < to / BATCH; b++) {
            await insertRaw(
              Array.from({ length: BATCH }, (_, i) => {
                const n = b * BATCH + i;
                return {
                  stream: `${level}-multi-${n % STREAMS}`,
                  revision: Math.floor(n / STREAMS),
                  event: benchEvent(n),
                };
              }),
            );
          }
        },
        emmett: async (from, to) => {
          for (let b = from / BATCH; b < to / BATCH; b++) {
            await emmett.store.withSession(async ({ eventStore }) => {
              for (let i = 0; i < BATCH; i++) {
                const n = b * BATCH + i;
                await eventStore.appendToStream(
                  `${level}-multi-${n % STREAMS}`,
                  [emmettEvent(benchEvent(n))],
                  { expectedStreamVersion: emmettExpected(Math.floor(n / STREAMS)) },
                );
              }
            });
          }
        },
      },
      {
        name: `${WRITERS} concurrent writers, 1 event per call`,
        goal: 0.6,
        ours: (from, to) =>
          inParallel(WRITERS, async (writer) => {
            for (let n = from / WRITERS; n < to / WRITERS; n++) {
              await store.appendToStream(`${level}-writer-${writer}-${n % 100}`, [benchEvent(n)], {
                expectedRevision: expectedAfter(Math.floor(n / 100)),
              });
            }
          }),
        plain: (from, to) =>
          inParallel(WRITERS, async (writer) => {
            for (let n = from / WRITERS; n < to / WRITERS; n++) {
              await insertRaw([
                {
                  stream: `${level}-writer-${writer}-${n % 100}`,
                  revision: Math.floor(n / 100),
                  event: benchEvent(n),
                },
              ]);
            }
          }),
        emmett: (from, to) =>
          inParallel(WRITERS, async (writer) => {
            for (let n = from / WRITERS; n < to / WRITERS; n++) {
              await emmett.store.appendToStream(
                `${level}-writer-${writer}-${n % 100}`,
                [emmettEvent(benchEvent(n))],
                { expectedStreamVersion: emmettExpected(Math.floor(n / 100)) },
              );
            }
          }),
      },
      {
        // All read the same number of events from the start of the order, a page at a time (a
        // slice smaller than a page, in a reduced run, reads only its own share).
        name: `read the global order, ${PAGE} per page`,
        goal: 0.8,
        ours: async (from, to) => {
          for (let read = from; read < to;) {
            const page = await store.readAll({
              after: oursAfter,
              maxCount: Math.min(PAGE, to - read),
            });
            read += page.length;
            oursAfter = page[page.length - 1]!.position;
          }
        },
        plain: async (from, to) => {
          for (let read = from; read < to;) {
            const { rows: page } = await raw.query<{ id: string }>(
              `SELECT id, event_id, stream_id, revision, type, data, metadata, recorded_at
               FROM bare_events WHERE id > $1 ORDER BY id LIMIT $2`,
              [plainAfter, Math.min(PAGE, to - read)],
            );
            read += page.length;
            plainAfter = Number(page[page.length - 1]!.id);
          }
        },
        emmett: async (from, to) => {
          for (let read = from; read < to;) {
            const page = await emmett.readAfter(emmettAfter, Math.min(PAGE, to - read));
            if (page.count === 0) throw new Error('Emmett: the global order ended early');
            read += page.count;
            emmettAfter = page.position;
          }
        },
      },
    ];
  };

  const measured: Measured[] = [];
  let stored = 0;
  for (const [index, level] of LEVELS.entries()) {
    stored = await fillUpTo(raw, emmettRaw, stored, level);
    console.log(`at ${stored} stored events:`);
    for (const workload of workloadsAt(`l${index}`)) {
      const seconds: Record<Side, number> = { ours: 0, plain: 0, emmett: 0 };
      for (let slice = 0; slice < SLICES; slice++) {
        const [from, to] = [slice * SLICE, (slice + 1) * SLICE];
        // Who goes first rotates: slice 0 ours, plain, Emmett; slice 1 plain, Emmett, ours; …
        for (let turn = 0; turn < SIDES.length; turn++) {
          const side = SIDES[(slice + turn) % SIDES.length]!;
          seconds[side] += await timed(() => workload[side](from, to));
        }
      }
      measured.push({
        workload: workload.name,
        goal: workload.goal,
        level,
        perSecond: {
          ours: EVENTS / seconds.ours,
          plain: EVENTS / seconds.plain,
          emmett: EVENTS / seconds.emmett,
        },
      });
      if (!workload.name.startsWith('read')) stored += EVENTS;
      console.log(`  done: ${workload.name}`);
    }
  }
  await expectStored(stored, raw, emmettRaw);

  const receipts = await measureReceipts(store);

  await store.close();
  await raw.end();
  await emmett.close();
  await emmettRaw.end();
  await bench.close();

  console.log(
    '\n| workload | stored before | ours events/s | plain pg events/s | Emmett events/s | ours ÷ plain | goal | ours ÷ Emmett | goal |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of measured) {
    const { ours, plain, emmett: peer } = row.perSecond;
    const [toPlain, toEmmett] = [ours / plain, ours / peer];
    console.log(
      `| ${row.workload} | ${row.level} | ${Math.round(ours)} | ${Math.round(plain)} | ${Math.round(peer)} | ${toPlain.toFixed(2)} | ≥ ${row.goal} × plain ${toPlain >= row.goal ? '(met)' : '(not met)'} | ${toEmmett.toFixed(2)} | > 1 × Emmett ${toEmmett > 1 ? '(met)' : '(not met)'} |`,
    );
  }

  if (LEVELS.length > 1) {
    const [first, last] = [LEVELS[0]!, LEVELS[LEVELS.length - 1]!];
    const micros = (perSecond: number) => (1e6 / perSecond).toFixed(1);
    console.log(
      `\n| workload | ${SIDES.map((side) => `${LABELS[side]} µs/event at ${first} | at ${last} | ${last} ÷ ${first}`).join(' | ')} |`,
    );
    console.log(`|---|${'---:|'.repeat(3 * SIDES.length)}`);
    for (const { name } of workloadsAt('names')) {
      const at = (level: number) =>
        measured.find((row) => row.workload === name && row.level === level)!.perSecond;
      const [a, b] = [at(first), at(last)];
      const cells = SIDES.map(
        (side) => `${micros(a[side])} | ${micros(b[side])} | ${(a[side] / b[side]).toFixed(2)}`,
      );
      console.log(`| ${name} | ${cells.join(' | ')} |`);
    }
  }
  printReceipts(receipts);
  console.log(
    `\npeak RSS of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}

interface ReceiptMeasure {
  workload: string;
  withoutPerSecond: number;
  withPerSecond: number;
}

/**
 * An append with its signed receipt (ADR 0019) against the same append without, both through
 * the store, in the same run, taking turns slice by slice: the receipt's cost is the decorator's
 * bookkeeping and one Ed25519 signature per write (the append function answers each event's
 * hash and time: nothing is read back).
 */
async function measureReceipts(store: PostgresEventStore): Promise<ReceiptMeasure[]> {
  const writes = new WriteReceipts({
    signer: parseSignerKey(generateSignerKey('bench.example/log')),
    origin: 'bench.example/log',
  });
  const receipting = new ReceiptingEventStore(store, writes);
  const append = async (signed: boolean, streamId: string, n: number, revision: number) => {
    const event = benchEvent(n);
    const expectedRevision = revision === 0 ? 'no_stream' : revision - 1;
    if (!signed) {
      await store.appendToStream(streamId, [event], { expectedRevision });
      return;
    }
    const key = writes.begin(event.metadata.source);
    await receipting.appendToStream(streamId, [event], { expectedRevision });
    if (writes.receiptFor(writes.end(key)).receipt === null) throw new Error('no receipt');
  };
  const single = (signed: boolean) => async (from: number, to: number) => {
    for (let n = from; n < to; n++)
      await append(signed, `r-${signed}-single-${n % STREAMS}`, n, Math.floor(n / STREAMS));
  };
  const concurrent = (signed: boolean) => (from: number, to: number) =>
    inParallel(WRITERS, async (writer) => {
      for (let n = from / WRITERS; n < to / WRITERS; n++)
        // Each writer its own event numbers: a write is told apart by its event's source.
        await append(
          signed,
          `r-${signed}-w${writer}-${n % 100}`,
          n * WRITERS + writer,
          Math.floor(n / 100),
        );
    });
  const results: ReceiptMeasure[] = [];
  for (const [workload, run] of [
    ['append, 1 event per call', single],
    [`${WRITERS} concurrent writers, 1 event per call`, concurrent],
  ] as const) {
    let [without, withReceipt] = [0, 0];
    for (let slice = 0; slice < SLICES; slice++) {
      const [from, to] = [slice * SLICE, (slice + 1) * SLICE];
      const plain = async () => (without += await timed(() => run(false)(from, to)));
      const signed = async () => (withReceipt += await timed(() => run(true)(from, to)));
      if (slice % 2 === 0) await plain().then(signed);
      else await signed().then(plain);
    }
    results.push({
      workload,
      withoutPerSecond: EVENTS / without,
      withPerSecond: EVENTS / withReceipt,
    });
    console.log(`  done: ${workload}, with and without receipts`);
  }
  return results;
}

function printReceipts(rows: ReceiptMeasure[]): void {
  console.log(
    '\n| workload (1 write = 1 receipt) | without receipt appends/s | with receipt appends/s | cost with ÷ without | goal |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) {
    const cost = row.withoutPerSecond / row.withPerSecond;
    console.log(
      `| ${row.workload} | ${Math.round(row.withoutPerSecond)} | ${Math.round(row.withPerSecond)} | ${cost.toFixed(3)} | ≤ 1.1 ${cost <= 1.1 ? '(met)' : '(not met)'} |`,
    );
  }
}

/**
 * Fills the three stores up to `level` events with rows shaped like the workloads' (the ledger's
 * with well-formed but unchained hashes: nothing here verifies them), then vacuums and analyzes
 * their tables.
 */
async function fillUpTo(
  raw: Pool,
  emmettRaw: Pool,
  stored: number,
  level: number,
): Promise<number> {
  const missing = level - stored;
  if (missing <= 0) return stored;
  const sample = benchEvent(0);
  const metadata = JSON.stringify({
    ...sample.metadata,
    causationId: null,
    schemaVersion: 1,
    recordedAt: new Date().toISOString(),
  });
  const data = `jsonb_build_object('n', g, 'environment', 'production', 'service', 'authentication-service', 'commit', 'a1b2c3d4e5f6')`;
  for (let from = stored; from < level; from += 100_000) {
    const to = Math.min(level, from + 100_000) - 1;
    await raw.query(
      `INSERT INTO ledger.events (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
       SELECT gen_random_uuid(), 'filler-' || (g / 10), g % 10, 'DeploymentRecorded', ${data}, $3::jsonb,
              repeat('0', 64), encode(sha256(g::text::bytea), 'hex'), now()
         FROM generate_series($1::bigint, $2::bigint) AS g`,
      [from, to, metadata],
    );
    await raw.query(
      `INSERT INTO bare_events (event_id, stream_id, revision, type, data, metadata, recorded_at)
       SELECT gen_random_uuid(), 'filler-' || (g / 10), g % 10, 'DeploymentRecorded', ${data}, $3::jsonb, now()
         FROM generate_series($1::bigint, $2::bigint) AS g`,
      [from, to, metadata],
    );
    await fillEmmett(emmettRaw, from, to + 1, data, metadata);
  }
  await raw.query('VACUUM ANALYZE ledger.events');
  await raw.query('VACUUM ANALYZE bare_events');
  await emmettRaw.query('VACUUM ANALYZE emt_messages, emt_streams');
  return level;
}

/** Every side stored every event it was given: else its rate would be of less work. */
async function expectStored(stored: number, raw: Pool, emmettRaw: Pool): Promise<void> {
  const count = async (pool: Pool, table: string) =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  const counts = {
    ours: await count(raw, 'ledger.events'),
    plain: await count(raw, 'bare_events'),
    emmett: await count(emmettRaw, 'emt_messages'),
  };
  for (const [side, n] of Object.entries(counts))
    if (n !== stored) throw new Error(`${side} holds ${n} events where ${stored} were written`);
}

async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, index) => work(index)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
