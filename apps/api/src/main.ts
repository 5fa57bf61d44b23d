import 'reflect-metadata';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { type EventStoreConfig } from '@change-ledger/event-store';
import { startEmbeddedPostgres, type RunningPostgres } from '@change-ledger/local-postgres';
import { ApiModule } from './api.module';
import { loadApiEnvironment } from './config/api-config';

/**
 * `npm start`: the ledger on this machine. With DATABASE_URL it uses that PostgreSQL; without,
 * an embedded PostgreSQL whose data stays under LEDGER_DATA_DIR between runs.
 */
async function main(): Promise<void> {
  const env = loadApiEnvironment(process.env);
  let embedded: RunningPostgres | undefined;
  let eventStore: EventStoreConfig;
  if (env.EVENT_STORE === 'eventstoredb') {
    eventStore = { kind: 'eventstoredb', connectionString: env.EVENTSTORE_URL! };
  } else {
    let url = env.DATABASE_URL;
    if (!url) {
      embedded = await startEmbeddedPostgres({
        dataDir: path.resolve(env.LEDGER_DATA_DIR, 'postgres'),
      });
      url = embedded.url;
      console.log(`Embedded PostgreSQL on port ${embedded.port}, data in ${embedded.dataDir}`);
    }
    eventStore = {
      kind: 'postgres',
      connectionString: url,
      role: env.LEDGER_DB_ROLE,
      migrate: true,
    };
  }

  const app = await NestFactory.create(ApiModule.forRoot({ eventStore }));
  // Our own signal handling rather than Nest's shutdown hooks, which re-raise the signal before
  // the embedded server has stopped cleanly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void (async () => {
        await app.close();
        await embedded?.stop();
        process.exit(0);
      })();
    });
  }
  await app.listen(env.PORT);
  console.log(`Change Ledger API listening on http://localhost:${env.PORT} (health: /health)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
