import { execFile } from 'node:child_process';
import path from 'node:path';

/** The repository root: apps run from here, as `npm run …` runs them. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Node arguments that run an app's TypeScript entry point as `npm run` does. */
export function tsEntryArgs(entry: string): string[] {
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry];
}

/**
 * How long a test that runs the CLI may take: each run starts Node with ts-node (several seconds
 * on a loaded machine), so jest's default 5 s is not enough. Give it to every such test.
 */
export const CLI_TEST_TIMEOUT_MS = 120_000;

/**
 * Runs the ledger CLI as its own process, asynchronously: the test process may host an API and
 * its projector, which must keep running (a synchronous spawn would freeze them).
 */
export function runLedgerCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...tsEntryArgs('apps/ledger/src/main.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
