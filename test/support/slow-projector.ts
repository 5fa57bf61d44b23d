import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from './app-process';

export interface SlowProjectorOptions {
  databaseUrl: string;
  /** An export of @change-ledger/read-models, e.g. `ciEventsProjection`. */
  projection: string;
  /** Added inside each batch's transaction, so that a kill lands mid-batch. */
  msPerEvent: number;
  /** More ProjectionRunner options, as JavaScript (`batchSize: 5, pollIntervalMs: 50`). */
  runnerOptions: string;
  /** What to run, as JavaScript on `runner` and `slow` (`runner.start()`). */
  run: string;
}

/**
 * A ProjectionRunner in a process of its own, so that a test can kill it with SIGKILL at any
 * instant: its projection slowed down, it writes `ready` on stdout when it starts running.
 */
export function spawnSlowProjector(options: SlowProjectorOptions): ChildProcess {
  const script = `
    const { createPool, PostgresEventStore } = require('@change-ledger/event-store');
    const { ProjectionRunner, ${options.projection}: projection } = require('@change-ledger/read-models');
    const url = process.env.PROJECTOR_DATABASE_URL;
    const slow = { ...projection, apply: async (tx, events, table) => {
      await projection.apply(tx, events, table);
      await new Promise((resolve) => setTimeout(resolve, ${options.msPerEvent} * events.length));
    } };
    const runner = new ProjectionRunner({
      store: new PostgresEventStore({ connectionString: url, role: 'ledger_reader' }),
      pool: createPool('slow projector', { connectionString: url, options: '-c role=ledger_projector' }),
      projections: [slow], ${options.runnerOptions}
    });
    process.stdout.write('ready\\n');
    ${options.run};
  `;
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PROJECTOR_DATABASE_URL: options.databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}
