import { EventStoreEnvironment, loadEnvironment } from '@change-ledger/event-store';
import { Type } from 'class-transformer';
import { normaliseSourcePattern } from '@change-ledger/domain';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';

/** The ingestor's environment, validated once at start-up with one message per bad key. */
export class IngestorEnvironment extends EventStoreEnvironment {
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// connection string (event store and read models)',
  })
  DATABASE_URL!: string;

  @Matches(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be host:port[,host:port…]',
  })
  KAFKA_BROKERS!: string;

  /** Comma-separated topics CI publishes to. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/, {
    message: 'KAFKA_TOPICS must be topic names separated by commas',
  })
  KAFKA_TOPICS = 'change-ledger.ci-events';

  @IsOptional() @Matches(/^[A-Za-z0-9._-]+$/) KAFKA_DEAD_LETTER_TOPIC =
    'change-ledger.ci-events.dead-letter';
  @IsOptional() @IsString() KAFKA_GROUP_ID = 'change-ledger-ingestor';
  @IsOptional() @IsString() LEDGER_POLICY_FILE = 'config/policy.yaml';
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'LEDGER_DB_ROLE must be a plain PostgreSQL role name' })
  LEDGER_DB_ROLE = 'ledger_writer';
  /** Who the ledger records as delivering what it reads from Kafka. */
  @IsOptional() @IsString() INGESTOR_PRINCIPAL = 'change-ledger-ingestor';
  /** Comma-separated CI sources the topics may carry (exact, or a prefix ending in *). */
  @IsOptional()
  @Matches(/^[^,\s]+(,[^,\s]+)*$/, {
    message: 'KAFKA_CI_SOURCES must be sources (or prefixes ending in *) separated by commas',
  })
  @ValidateBy({
    name: 'ciSourcePatterns',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value.split(',').every((source) => normaliseSourcePattern(source).ok),
      defaultMessage: () =>
        'KAFKA_CI_SOURCES holds a source that is no normal source (no . or .. segments, no //, no backslash, escapes decoded once; see ADR 0024)',
    },
  })
  KAFKA_CI_SOURCES = '*';

  /** Messages recorded per transaction (a fetched Kafka batch is cut into chunks of this size). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  KAFKA_BATCH_SIZE: number = 500;

  /** Partitions one ingestor records at once; more replicas in the group share the partitions. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_PARTITIONS_CONCURRENTLY: number = 3;

  /**
   * How long a dead-letter transaction may stay open (ADR 0030): a killed ingestor's open one
   * holds up the dead-letter topic's readers that long. At most the brokers' own maximum.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  KAFKA_TRANSACTION_TIMEOUT_MS: number = 60_000;

  /** Its health routes (/health/live, /health/ready): the only HTTP it serves. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3002;
}

export function loadIngestorEnvironment(env: NodeJS.ProcessEnv): IngestorEnvironment {
  return loadEnvironment(IngestorEnvironment, env);
}
