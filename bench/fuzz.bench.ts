import { startEmbeddedPostgres } from '@change-ledger/local-postgres';
import { fuzzApi, seedChanges } from '../test/fuzz/api-fuzz';
import { bootTestApi } from '../test/support/test-api';
import { createTestDatabase } from '../test/support/test-database';

/**
 * `npm run bench:fuzz`: the API fuzz run at full count (FUZZ_REQUESTS, default 5,000; FUZZ_SEED),
 * against a fresh database on DATABASE_URL's server (or an embedded PostgreSQL). Prints the
 * answers by status and the longest event-loop stall, and exits 1 on any 5xx. The stall is of the
 * one process that hosts both the API and the fuzzer's client: an upper bound for the API's.
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
  try {
    const started = Date.now();
    const report = await fuzzApi(app, { requests, seed, ids: await seedChanges(app) });
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${report.requests} requests in ${seconds.toFixed(1)} s, seed ${seed}`);
    console.table(report.byStatus);
    console.log(`longest event-loop stall: ${report.longestStallMs} ms`);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
