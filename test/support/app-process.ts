import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root: apps run from here, as `npm run …` runs them. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * Node arguments that run an app's compiled entry point, as `npm start` does: `apps/x/src/main.ts`
 * runs as `dist/apps/x/src/main.js`. The jest global setup builds once when the sources changed
 * (`buildIfStale`), so that the test processes never race to build.
 */
export function compiledEntryArgs(entry: string): string[] {
  return [path.join(REPO_ROOT, 'dist', entry.replace(/\.ts$/, '.js'))];
}

/** `npm run build`, when a source changed since the last one (the jest global setup calls it). */
export function buildIfStale(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-stale'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

/**
 * How long a test that runs the CLI may take: a compiled run starts in well under a second, but
 * a loaded machine (several suites at once) stretches that and the commands' own work, so tests
 * do not rely on jest's default 5 s. Give it to every such test.
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
      [...compiledEntryArgs('apps/ledger/src/main.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * An app's compiled entry point as a long-running process of its own (a projector, a witness),
 * its stdout and stderr collected for the test's messages. Stop it with `child.kill('SIGTERM')`.
 */
export function spawnApp(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [...compiledEntryArgs(entry), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}
