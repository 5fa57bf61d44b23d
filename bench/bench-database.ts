import { randomUUID } from 'node:crypto';
import { startEmbeddedPostgres } from '@change-ledger/local-postgres';
import { type NewEvent } from '@change-ledger/event-store';
import { Pool, type PoolConfig } from 'pg';
import { withClient } from '../test/support/test-database';

/**
 * Pools the benchmark opens itself: `end()` resolves before every socket has closed, and dropping
 * the database then ends those backends; without a listener that error would crash the run. They
 * listen in silence, where createPool would log a line into the benchmark's report.
 */
export function quietPool(config: PoolConfig): Pool {
  // eslint-disable-next-line no-restricted-syntax -- listened on just below, without a log line
  const pool = new Pool(config);
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * A fresh database for one benchmark run, on DATABASE_URL's server (a superuser) or on an embedded
 * PostgreSQL started for the run; `another(name)` makes a second one on the same server (a peer's,
 * which keeps its schema out of ours); `close()` drops them and stops what it started.
 */
export async function openBenchDatabase(): Promise<{
  url: string;
  description: string;
  another(name: string): Promise<string>;
  close(): Promise<void>;
}> {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const adminUrl = process.env.DATABASE_URL ?? embedded!.url;
  const database = `cl_bench_${randomUUID().slice(0, 8)}`;
  const databases: string[] = [];
  const create = async (name: string) => {
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    databases.push(name);
    return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  };
  const url = await create(database);
  return {
    url,
    description: `PostgreSQL ${embedded ? 'embedded' : 'from DATABASE_URL'}, database ${database}`,
    another: (name) => create(`${database}_${name}`),
    close: async () => {
      for (const name of databases)
        await withClient(adminUrl, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`));
      await embedded?.stop();
    },
  };
}

/** A deployment as CI reports it: the event every store benchmark appends, numbered `n`. */
export function benchEvent(n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'DeploymentRecorded',
    data: {
      n,
      environment: 'production',
      service: 'authentication-service',
      commit: 'a1b2c3d4e5f6',
    },
    metadata: {
      actor: { id: 'ci-pipeline', kind: 'service', roles: ['ci'], authenticatedBy: 'api-token' },
      occurredAt: '2026-03-01T09:00:00Z',
      correlationId: randomUUID(),
      source: { kind: 'kafka', topic: 'ci-events', partition: 0, offset: String(n) },
    },
  };
}
