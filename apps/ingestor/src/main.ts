import 'reflect-metadata';
import {
  eventStoreConfigFor,
  type ProcessContext,
  runProcess,
  usePinoLogger,
} from '@change-ledger/operations';
import { loadPolicyFile } from '@change-ledger/policy';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IngestorAppModule } from './ingestor-app.module';
import { loadIngestorEnvironment } from './ingestor-config';

/**
 * `npm run start:ingestor`: CI events from Kafka into the ledger. Replicas may run side by side
 * in one consumer group: Kafka gives each its partitions. The schemas are migrated beforehand
 * (`ledger migrate`).
 */
runProcess({ service: 'ingestor', metricsPort: 9466, start: startIngestor });

async function startIngestor(context: ProcessContext): Promise<INestApplication> {
  const env = loadIngestorEnvironment(process.env);
  const policy = await loadPolicyFile(env.LEDGER_POLICY_FILE);
  const app = await NestFactory.create(
    IngestorAppModule.forRoot({
      eventStore: eventStoreConfigFor(env, {
        databaseUrl: env.DATABASE_URL,
        role: env.LEDGER_DB_ROLE,
      }),
      readModelsUrl: env.DATABASE_URL,
      policy,
      kafka: {
        brokers: env.KAFKA_BROKERS.split(','),
        topics: env.KAFKA_TOPICS.split(','),
        deadLetterTopic: env.KAFKA_DEAD_LETTER_TOPIC,
        groupId: env.KAFKA_GROUP_ID,
        principal: env.INGESTOR_PRINCIPAL,
        ciSources: env.KAFKA_CI_SOURCES.split(','),
        maxBatchSize: env.KAFKA_BATCH_SIZE,
        partitionsConsumedConcurrently: env.KAFKA_PARTITIONS_CONCURRENTLY,
        transactionTimeoutMs: env.KAFKA_TRANSACTION_TIMEOUT_MS,
      },
      logger: context.logger,
      metrics: context.metrics,
    }),
    { bufferLogs: true },
  );
  usePinoLogger(app);
  await app.listen(env.PORT);
  context.logger.info(
    `Change Ledger ingestor consuming ${env.KAFKA_TOPICS} from ${env.KAFKA_BROKERS} (health on port ${env.PORT})`,
  );
  return app;
}
