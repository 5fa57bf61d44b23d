import { startEmbeddedPostgres } from '@change-ledger/local-postgres';
import { ModelApi, ModelClock } from '../test/model/model-api';
import { runModelSequences } from '../test/model/run-model';
import { MODEL_EPOCH, modelPolicyFile } from '../test/model/use-model-api';
import { bootTestApi } from '../test/support/test-api';
import { createTestDatabase } from '../test/support/test-database';

/**
 * `npm run bench:model`: the model-based test of test/model (issue 25, ADR 0023) for longer than
 * CI runs it — MODEL_RUNS sequences (default 5,000) of at most MODEL_MAX_COMMANDS commands after
 * their head (default 20), seed MODEL_SEED (default: the time, printed so a failure replays) —
 * against one API on a fresh database on DATABASE_URL's server (or an embedded PostgreSQL).
 * Prints what ran and how the API answered each command; exits 1 with fast-check's shrunk
 * counterexample (seed and path) on the first disagreement.
 */
async function main(): Promise<void> {
  const runs = Number(process.env.MODEL_RUNS ?? 5_000);
  const seed = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);
  const maxCommands = Number(process.env.MODEL_MAX_COMMANDS ?? 20);
  console.log(`model: ${runs} sequences of at most ${maxCommands} commands, seed ${seed}`);
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  process.env.CHANGE_LEDGER_TEST_POSTGRES_URL = process.env.DATABASE_URL ?? embedded!.url;
  const database = await createTestDatabase();
  const clock = new ModelClock(MODEL_EPOCH);
  const app = await bootTestApi({
    databaseUrl: database.url,
    clock,
    policyFile: modelPolicyFile(),
  });
  await app.listen(0, '127.0.0.1');
  const api = new ModelApi(app, database.url, clock);
  await api.open();
  try {
    const report = await runModelSequences(api, { runs, seed, maxCommands });
    console.log(
      `model: ${report.sequences} sequences, ${report.commands} commands, ${report.requests} requests in ${report.seconds.toFixed(1)} s; agreed`,
    );
    for (const line of report.summary) console.log(`  ${line}`);
  } finally {
    await api.close();
    await app.close();
    await database.drop();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
