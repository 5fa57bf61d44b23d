import 'reflect-metadata';
import { migrateEventStore } from '@change-ledger/event-store';
import {
  ledgerLogConfig,
  loadSigningKey,
  migrateIntegrity,
  verifierKey,
} from '@change-ledger/integrity';
import { migrateNotifications, notifierTransports } from '@change-ledger/notifications';
import { loadPolicyFile } from '@change-ledger/policy';
import { migrateReadModels } from '@change-ledger/read-models';
import { NestFactory } from '@nestjs/core';
import { ProjectorAppModule } from './projector-app.module';
import { loadProjectorEnvironment } from './projector-config';

/**
 * `npm run start:projector`: the projector as its own process, for deployments that scale it apart
 * from the API (start the API with LEDGER_RUN_PROJECTOR=false). Replicas may run side by side:
 * each projection runs in one of them at a time.
 */
async function main(): Promise<void> {
  const env = loadProjectorEnvironment(process.env);
  const { notifications } = await loadPolicyFile(env.LEDGER_POLICY_FILE);
  const transports = notifierTransports(env);
  if (env.EVENT_STORE === 'postgres') await migrateEventStore(env.DATABASE_URL);
  await migrateReadModels(env.DATABASE_URL);
  await migrateIntegrity(env.DATABASE_URL);
  await migrateNotifications(env.DATABASE_URL);
  const log = ledgerLogConfig(env, '.data/log-signing.key');
  const { signer } = await loadSigningKey(
    log.signingKeyFile,
    env.LEDGER_LOG_SIGNING_KEY_FILE ? undefined : log.origin,
  );
  const app = await NestFactory.createApplicationContext(
    ProjectorAppModule.forRoot({
      eventStore:
        env.EVENT_STORE === 'eventstoredb'
          ? { kind: 'eventstoredb', connectionString: env.EVENTSTORE_URL! }
          : {
              kind: 'postgres',
              connectionString: env.DATABASE_URL,
              role: 'ledger_reader',
            },
      readModelsUrl: env.DATABASE_URL,
      log: { signer, config: log },
      notifier: notifications.enabled ? { policy: notifications, transports } : undefined,
    }),
    { logger: ['error', 'warn'] },
  );
  await app.init();
  console.log(`Change Ledger projector running; log verifier key: ${verifierKey(signer)}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
