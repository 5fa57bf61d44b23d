import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Stops one PostgreSQL backend at the entry of a server function, with gdb, so a test can look at
 * the server in a state that otherwise lasts microseconds (an appender that has its transaction id
 * but has not yet listed the lock on it, for ADR 0002's read horizon).
 *
 * Needs gdb and a server process this user may trace: the machine's PostgreSQL or the embedded one,
 * as root or as the server's user. The breakpoint is deleted as soon as it is hit, so if gdb dies
 * the backend is detached and goes on; gdb also gives up after `timeoutMs`.
 */
export interface PausedBackend {
  /** Resolves once the backend is stopped at the function. */
  paused: Promise<void>;
  /** Lets the backend go on; resolves once gdb has detached. */
  release(): Promise<void>;
}

export function gdbMissing(): string | undefined {
  const probe = spawnSync('gdb', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return (
      'This test stops a PostgreSQL backend with gdb, which is not installed: `apt-get install gdb` ' +
      '(.ci/run does this). It also needs the test PostgreSQL to run on this machine (not in a ' +
      'container) and to be traceable by this user (root, or the server’s user).'
    );
  }
  return undefined;
}

/**
 * Attaches to `pid`, arms a breakpoint at `serverFunction` and lets the backend run: resolves once
 * armed (send the statement after that). `paused` resolves when the breakpoint is hit.
 */
export async function pauseBackendAt(
  pid: number,
  serverFunction: string,
  timeoutMs = 60_000,
): Promise<PausedBackend> {
  const missing = gdbMissing();
  if (missing) throw new Error(missing);
  const folder = mkdtempSync(path.join(tmpdir(), 'paused-backend-'));
  const releaseFile = path.join(folder, 'release');
  const gdb = spawn(
    'gdb',
    [
      '-nx',
      '-batch',
      '-p',
      String(pid),
      '-ex',
      'set pagination off',
      '-ex',
      // A backend is signalled all the time (latches, NOTIFY, sinval catch-up): none of that
      // may end the wait for the breakpoint.
      'handle SIGUSR1 SIGUSR2 SIGALRM SIGPIPE SIGCHLD SIGURG SIGIO SIGINT nostop noprint pass',
      '-ex',
      `break ${serverFunction}`,
      '-ex',
      'echo ARMED\\n',
      '-ex',
      'continue',
      '-ex',
      'delete',
      '-ex',
      'backtrace 8',
      '-ex',
      'echo PAUSED\\n',
      '-ex',
      `shell while [ ! -e '${releaseFile}' ]; do sleep 0.02; done`,
      '-ex',
      'detach',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes(word)) resolve();
      };
      gdb.stdout.on('data', check);
      gdb.stderr.on('data', check);
      gdb.once('exit', () =>
        output.includes(word)
          ? resolve()
          : reject(new Error(`gdb ended before "${word}" for backend ${pid}:\n${output}`)),
      );
    });
  gdb.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  gdb.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => gdb.once('exit', () => resolve()));
  const giveUp = setTimeout(() => gdb.kill('SIGTERM'), timeoutMs);
  const release = async () => {
    writeFileSync(releaseFile, '');
    if (gdb.exitCode === null && gdb.signalCode === null) await exited;
    clearTimeout(giveUp);
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
  };
  try {
    await said('ARMED');
  } catch (error) {
    await release();
    throw error;
  }
  const paused = said('PAUSED').then(() => {
    if (!output.includes(`in ${serverFunction}`)) {
      throw new Error(`backend ${pid} stopped elsewhere than ${serverFunction}:\n${output}`);
    }
  });
  paused.catch(() => undefined); // awaited by the caller; a rejection here is theirs to see
  return { paused, release };
}
