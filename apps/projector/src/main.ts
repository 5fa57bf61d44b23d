import 'reflect-metadata';
import { ledgerLogConfig, openLogSigningKey, verifierKey } from '@change-ledger/integrity';
import {
  eventStoreConfigFor,
  type ProcessContext,
  runProcess,
  usePinoLogger,
} from '@change-ledger/operations';
import { notifierTransports } from '@change-ledger/notifications';
import { loadPolicyFile } from '@change-ledger/policy';
import { NestFactory } from '@nestjs/core';
import { type INestApplication } from '@nestjs/common';
import { ProjectorAppModule } from './projector-app.module';
import { loadProjectorEnvironment } from './projector-config';

/**
 * `npm run start:projector`: the projector as its own process, for deployments that scale it apart
 * from the API (start the API with LEDGER_RUN_PROJECTOR=false). Replicas may run side by side:
 * each projection follows the event store's subscription in one of them at a time, under its
 * advisory lock, and a standby takes over when that one dies (ADR 0015). The schemas are migrated
 * beforehand (`ledger migrate`). It signs the log's checkpoints with the key in LEDGER_DATA_DIR
 * (the API's data directory) or LEDGER_LOG_SIGNING_KEY_FILE, and refuses to start with any other
 * key than the one the log's checkpoints were signed with.
 */
runProcess({ service: 'projector', metricsPort: 9465, start: startProjector });

async function startProjector(context: ProcessContext): Promise<INestApplication> {
  const env = loadProjectorEnvironment(process.env);
  const { notifications } = await loadPolicyFile(env.LEDGER_POLICY_FILE);
  const transports = notifierTransports(env);
  const log = ledgerLogConfig(env);
  // The key the API made in LEDGER_DATA_DIR (or LEDGER_LOG_SIGNING_KEY_FILE), checked against the
  // log's checkpoints. Never made here: a projector that made its own would sign with another key
  // than the one the API advertises, which no check can catch before the first checkpoint.
  const { signer } = await openLogSigningKey({
    databaseUrl: env.DATABASE_URL,
    keyFile: log.signingKey.file,
    source: log.signingKey.source,
  });
  const app = await NestFactory.create(
    ProjectorAppModule.forRoot({
      // It only reads events: as ledger_reader, whatever the login may do.
      eventStore: eventStoreConfigFor(env, {
        databaseUrl: env.DATABASE_URL,
        role: 'ledger_reader',
      }),
      readModelsUrl: env.DATABASE_URL,
      log: { signer, config: log },
      notifier: notifications.enabled ? { policy: notifications, transports } : undefined,
      logger: context.logger,
      metrics: context.metrics,
      readyMaxLagSeconds: context.operations.LEDGER_READY_MAX_LAG_SECONDS,
    }),
    { bufferLogs: true },
  );
  usePinoLogger(app);
  await app.listen(env.PORT);
  context.logger.info(
    `Change Ledger projector running (health on port ${env.PORT}); log checkpoints signed by ${log.signingKey.file}; verifier key: ${verifierKey(signer)}`,
  );
  return app;
}
