/**
 * npm run bench:verify — the transparency log against bare work on the same bytes, same run.
 * Not a test: it asserts nothing and prints a table.
 *
 *   BENCH_EVENTS   events (default 1000000)
 *   DATABASE_URL   a PostgreSQL superuser URL; unset: an embedded PostgreSQL is started
 *
 * 1. Full verification (`verifyLedger`: every chain re-hashed from canonical JSON, every leaf,
 *    the tree recomputed, the checkpoint's signature) beside bare SHA-256 over the same canonical
 *    bytes, both after the same global read of the store.
 * 2. Sequencing (`Sequencer.catchUp`: leaves and subtree hashes written) beside the plain global
 *    read of the same events.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import canonicalize from 'canonicalize';
import { PostgresEventStore, type RecordedEvent } from '@change-ledger/event-store';
import {
  Checkpointer,
  CheckpointPublisher,
  generateSignerKey,
  LogStore,
  parseSignerKey,
  Sequencer,
  verifyLedger,
} from '@change-ledger/integrity';
import { migrateLedger } from '@change-ledger/operations';
import { benchEvent, openBenchDatabase, quietPool } from './bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const STREAMS = 1000;
const BATCH = 100;

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [(performance.now() - start) / 1000, result];
}

async function readEverything(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all[all.length - 1]?.position, maxCount: 2000 });
    if (page.length === 0) return all;
    for (const e of page) all.push(e);
  }
}

async function main(): Promise<void> {
  const bench = await openBenchDatabase();
  const url = bench.url;
  console.log(`${bench.description}, ${EVENTS} events\n`);
  await migrateLedger(url, { eventsInPostgres: true });
  const store = new PostgresEventStore({
    connectionString: url,
    role: 'ledger_writer',
    poolSize: 8,
  });
  const pool = quietPool({ connectionString: url, options: '-c role=ledger_sequencer', max: 4 });
  try {
    process.stderr.write('loading events…\n');
    const writers = 8;
    let next = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (;;) {
          const start = next;
          next += BATCH;
          if (start >= EVENTS) return;
          const count = Math.min(BATCH, EVENTS - start);
          await store.appendToStream(
            `bench-${start % STREAMS}-${Math.floor(start / (STREAMS * BATCH))}`,
            Array.from({ length: count }, (_, i) => benchEvent(start + i)),
            { expectedRevision: 'any' },
          );
        }
      }),
    );

    const [readSeconds, events] = await timed(() => readEverything(store));
    const [sequenceSeconds, sequenced] = await timed(() =>
      new Sequencer({ store, pool }).catchUp(2000),
    );
    const signer = parseSignerKey(generateSignerKey('bench.example/log'));
    const publisher = new CheckpointPublisher([]);
    await new Checkpointer({ pool, signer, publisher, intervalMs: 0 }).checkpoint();

    // Bare: SHA-256 of the same canonical bytes the chain hashes, after the same global read.
    const [bareSeconds] = await timed(async () => {
      const again = await readEverything(store);
      let digest = 0;
      for (const e of again) {
        const canonical = canonicalize({
          streamId: e.streamId,
          revision: e.revision,
          id: e.id,
          type: e.type,
          data: e.data,
          metadata: e.metadata,
          prevHash: e.integrity.prevHash,
        })!;
        digest ^= createHash('sha256').update(canonical, 'utf8').digest()[0]!;
      }
      return digest;
    });
    const readerPool = quietPool({
      connectionString: url,
      options: '-c role=ledger_reader',
      max: 2,
    });
    const [verifySeconds, report] = await timed(() =>
      verifyLedger({ store, log: new LogStore(readerPool), verifiers: [signer], pageSize: 2000 }),
    );
    await readerPool.end();

    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    console.log('| scenario | events | ledger ev/s | bare ev/s | ratio |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(
      `| full verification vs bare SHA-256 of the same bytes | ${events.length} | ${rate(report.eventsChecked, verifySeconds)} | ${rate(events.length, bareSeconds)} | ${(bareSeconds / verifySeconds).toFixed(2)}× |`,
    );
    console.log(
      `| sequencing vs plain global read | ${sequenced} | ${rate(sequenced, sequenceSeconds)} | ${rate(events.length, readSeconds)} | ${(readSeconds / sequenceSeconds).toFixed(2)}× |`,
    );
    console.log(
      `\nverification valid: ${report.valid} (${report.leavesChecked} leaves, tree ${report.treeSize})`,
    );
  } finally {
    await store.close();
    await pool.end();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
