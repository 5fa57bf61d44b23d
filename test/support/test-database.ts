import { randomBytes } from 'node:crypto';
import { migrateLedger } from '@change-ledger/operations';
import {
  createPool,
  PostgresEventStore,
  withClient as withConnection,
} from '@change-ledger/event-store';
import { type Client, type Pool } from 'pg';

/** A database of its own for one test file, migrated, dropped at the end. */
export interface TestDatabase {
  name: string;
  /** Superuser (or the DATABASE_URL role) connection to this database. */
  url: string;
  drop(): Promise<void>;
}

export function testPostgresUrl(): string {
  const url = process.env.CHANGE_LEDGER_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'No test PostgreSQL: run integration tests through jest (npm test / npm run test:int), whose ' +
        'global setup starts one, or set DATABASE_URL.',
    );
  }
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  const name = `cl_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${name}`).then(() => undefined),
  );
  const url = withDatabase(adminUrl, name);
  await migrateLedger(url, { eventsInPostgres: true });
  return {
    name,
    url,
    drop: async () => {
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

/** What `useTestDatabase` gives a test file; read `url` inside hooks and tests. */
export interface TestDatabaseFixture {
  readonly url: string;
  /**
   * Closes something the file opened on the database (an API, a client) before the database is
   * dropped: dropping first would cut its connections under it.
   */
  closeFirst(close: () => Promise<unknown>): void;
  /** The event store as the API writes to it (role ledger_writer), closed before the drop. */
  writerStore(): PostgresEventStore;
  /** A pool on the database as `role` (see `rolePool`), ended before the drop. */
  rolePool(name: string, role: string): Pool;
}

/** A database of its own for the test file: created before its tests, dropped after them. */
export function useTestDatabase(): TestDatabaseFixture {
  let database: TestDatabase | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    try {
      for (const close of closers.reverse()) await close();
    } finally {
      await database?.drop();
    }
  }, 60_000);
  const fixture: TestDatabaseFixture = {
    get url() {
      if (!database) throw new Error('the test database exists once the beforeAll hooks ran');
      return database.url;
    },
    closeFirst: (close) => void closers.push(close),
    writerStore: () => {
      const store = new PostgresEventStore({
        connectionString: fixture.url,
        role: 'ledger_writer',
      });
      fixture.closeFirst(() => store.close());
      return store;
    },
    rolePool: (name, role) => {
      const pool = rolePool(name, fixture.url, role);
      fixture.closeFirst(() => pool.end());
      return pool;
    },
  };
  return fixture;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * `use` on a superuser connection of its own. It listens for errors (createClient): a test that
 * drops or restarts what this connection talks to must fail, never end jest's worker.
 */
export function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  return withConnection('test set-up', url, use);
}

/**
 * A pool on `url` as `role`, for a spec that ends its backends itself (terminates them, or drops
 * the database at its end): their errors are expected then, and ignored here.
 */
export function rolePool(name: string, url: string, role: string): Pool {
  const pool = createPool(name, { connectionString: url, options: `-c role=${role}` });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * The URL of the retention job's own login on the database at `url`, as RETENTION_DATABASE_URL
 * names it in production: a member of ledger_retention that may log in (made once per server:
 * roles are the cluster's, not a database's).
 */
export async function retentionJobUrl(url: string): Promise<string> {
  await withClient(url, (admin) =>
    admin.query(`DO $$ BEGIN
        CREATE ROLE ledger_retention_job LOGIN IN ROLE ledger_retention;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`),
  );
  const login = new URL(url);
  login.username = 'ledger_retention_job';
  return login.toString();
}

/** Each statement refused by the append-only triggers, even on a superuser's connection to `url`. */
export async function expectAppendOnly(url: string, statements: string[]): Promise<void> {
  await withClient(url, async (superuser) => {
    for (const sql of statements) await expect(superuser.query(sql)).rejects.toThrow(/append-only/);
  });
}
