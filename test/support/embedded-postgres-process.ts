import { spawn } from 'node:child_process';
import { REPO_ROOT } from './app-process';

/**
 * The embedded PostgreSQL in a process of its own (its package is ES-only, which jest's CommonJS
 * runtime cannot import), started from the compiled lib; `stop()` ends it as SIGTERM would.
 */
export async function runEmbeddedPostgres(
  dataDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const script = `
    const { startEmbeddedPostgres } = require('./dist/libs/local-postgres/src');
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }).then((server) => {
      console.log(server.url);
      process.once('SIGTERM', () => server.stop().then(() => process.exit(0)));
    }, (error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
