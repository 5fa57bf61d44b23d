import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startEmbeddedPostgres } from '@change-ledger/local-postgres';
import { type FuzzReport, seedChanges } from '../test/fuzz/api-fuzz';
import { bootTestApi } from '../test/support/test-api';
import { createTestDatabase } from '../test/support/test-database';

/**
 * `npm run bench:fuzz`: the API fuzz run at full count (FUZZ_REQUESTS, default 5,000; FUZZ_SEED),
 * against a fresh database on DATABASE_URL's server (or an embedded PostgreSQL). The API serves
 * from this thread, which watches its own event loop; the fuzzer sends from a worker thread, so
 * the stall measured is the API's alone. Prints the answers by status and the longest stall, and
 * exits 1 on any 5xx.
 */
async function main(): Promise<void> {
  const requests = Number(process.env.FUZZ_REQUESTS ?? 5_000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261128);
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  process.env.CHANGE_LEDGER_TEST_POSTGRES_URL = process.env.DATABASE_URL ?? embedded!.url;
  const database = await createTestDatabase();
  const app = await bootTestApi({
    databaseUrl: database.url,
    webhooks: { github: 'fuzz-github-secret-0123456789', gitlab: 'fuzz-gitlab-token-0123456789' },
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  try {
    const ids = await seedChanges(url);
    stalls.enable();
    const started = Date.now();
    const report = await fuzzFromWorker(url, { requests, seed, ids });
    const seconds = (Date.now() - started) / 1000;
    stalls.disable();
    console.log(`fuzz: ${report.requests} requests in ${seconds.toFixed(1)} s, seed ${seed}`);
    console.table(report.byStatus);
    console.log(
      `API event loop: longest stall ${(stalls.max / 1e6).toFixed(0)} ms, p99 ${(stalls.percentile(99) / 1e6).toFixed(1)} ms`,
    );
    const fivexx = Object.entries(report.byStatus)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    console.log(`5xx: ${fivexx}`);
    for (const error of report.serverErrors) console.log(JSON.stringify(error));
    if (fivexx > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await database.drop();
    await embedded?.stop();
  }
}

function fuzzFromWorker(
  url: string,
  options: { requests: number; seed: number; ids: string[] },
): Promise<FuzzReport> {
  const fuzzer = path.resolve(__dirname, '../test/fuzz/api-fuzz.ts');
  // A worker runs JavaScript only: it registers ts-node itself, as this process was started.
  const worker = new Worker(
    `require('ts-node/register/transpile-only');
     require('tsconfig-paths/register');
     const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.fuzzer).fuzzApi(workerData.url, workerData.options)
       .then((report) => parentPort.postMessage(report));`,
    { eval: true, workerData: { fuzzer, url, options } },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (report: FuzzReport) => {
      void worker.terminate();
      resolve(report);
    });
    worker.once('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
