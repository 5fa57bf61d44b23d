import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './app-process';

export interface EmbeddedPostgresProcess {
  url: string;
  /** Ends it as SIGTERM would: PostgreSQL's fast shutdown (SIGINT to the postmaster). */
  stop(): Promise<void>;
  /**
   * Ends it as a crash would: SIGKILL to the postmaster, no shutdown checkpoint, so the next
   * start runs crash recovery; the backends go when they notice their postmaster is gone.
   */
  crash(): Promise<void>;
}

/**
 * The embedded PostgreSQL in a process of its own (its package is ES-only, which jest's CommonJS
 * runtime cannot import), started from the compiled lib. Started again on the same `dataDir`, it
 * keeps its port, so that the apps' connection strings stay right across a restart.
 */
export async function runEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgresProcess> {
  const script = `
    const { startEmbeddedPostgres } = require('./dist/libs/local-postgres/src');
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }).then((server) => {
      console.log(JSON.stringify({ url: server.url, dataDir: server.dataDir }));
      process.once('SIGTERM', () => server.stop().then(() => process.exit(0)));
    }, (error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = await new Promise<{ url: string; dataDir: string }>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: started.url,
    stop: async () => {
      const done = exited();
      child.kill('SIGTERM');
      await done;
    },
    crash: async () => {
      // The lock file's first line is the postmaster's pid (the package spawns it directly).
      const lockFile = await readFile(path.join(started.dataDir, 'postmaster.pid'), 'utf8');
      const postmaster = Number(lockFile.split('\n')[0]);
      process.kill(postmaster, 'SIGKILL');
      for (const deadline = Date.now() + 10_000; isAlive(postmaster);) {
        if (Date.now() > deadline) throw new Error(`postmaster ${postmaster} outlived SIGKILL`);
        await sleep(50);
      }
      // Its Node wrapper would wait forever for a shutdown that will not come.
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: gone
  }
}
