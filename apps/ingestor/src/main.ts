import 'reflect-metadata';
import { migrateEventStore } from '@change-ledger/event-store';
import { loadPolicyFile } from '@change-ledger/policy';
import { migrateReadModels } from '@change-ledger/read-models';
import { NestFactory } from '@nestjs/core';
import { IngestorAppModule } from './ingestor-app.module';
import { loadIngestorEnvironment } from './ingestor-config';

/**
 * `npm run start:ingestor`: CI events from Kafka into the ledger. Replicas may run side by side
 * in one consumer group: Kafka gives each its partitions.
 */
async function main(): Promise<void> {
  const env = loadIngestorEnvironment(process.env);
  const policy = await loadPolicyFile(env.LEDGER_POLICY_FILE);
  if (env.EVENT_STORE === 'postgres') await migrateEventStore(env.DATABASE_URL);
  await migrateReadModels(env.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(
    IngestorAppModule.forRoot({
      eventStore:
        env.EVENT_STORE === 'eventstoredb'
          ? { kind: 'eventstoredb', connectionString: env.EVENTSTORE_URL! }
          : { kind: 'postgres', connectionString: env.DATABASE_URL, role: env.LEDGER_DB_ROLE },
      readModelsUrl: env.DATABASE_URL,
      policy,
      kafka: {
        brokers: env.KAFKA_BROKERS.split(','),
        topics: env.KAFKA_TOPICS.split(','),
        deadLetterTopic: env.KAFKA_DEAD_LETTER_TOPIC,
        groupId: env.KAFKA_GROUP_ID,
        principal: env.INGESTOR_PRINCIPAL,
        ciSources: env.KAFKA_CI_SOURCES.split(','),
      },
    }),
    { logger: ['error', 'warn', 'log'] },
  );
  await app.init();
  console.log(`Change Ledger ingestor consuming ${env.KAFKA_TOPICS} from ${env.KAFKA_BROKERS}`);
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
