import { EventStoreEnvironment } from '@change-ledger/event-store';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

/**
 * The keys of the transparency log, shared by the configuration classes of the apps that run it
 * (API with its in-process projector, projector). Validated once at start-up with the rest.
 */
export class IntegrityEnvironment extends EventStoreEnvironment {
  /** The signed-note private key (PRIVATE+KEY+…). Unset: one is made in the data directory. */
  @IsOptional()
  @IsString()
  LEDGER_LOG_SIGNING_KEY_FILE?: string;

  /** The checkpoints' origin line, and the name of a key made here. */
  @IsOptional()
  @Matches(/^[^\s+]+$/, { message: 'LEDGER_LOG_ORIGIN must be a name without spaces or "+"' })
  LEDGER_LOG_ORIGIN = 'change-ledger.local/log';

  /** How often a checkpoint is signed when the tree grew; 0: only on demand. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'LEDGER_CHECKPOINT_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(0)
  LEDGER_CHECKPOINT_INTERVAL_MS: number = 10_000;

  /** A directory (or mounted bucket) that receives every checkpoint: `<size>.checkpoint`, `latest`. */
  @IsOptional()
  @IsString()
  LEDGER_CHECKPOINT_DIR?: string;

  /** Witnesses that receive each checkpoint as an HTTP POST, comma-separated. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, {
    message: 'LEDGER_CHECKPOINT_WITNESS_URLS must be http(s) URLs separated by commas',
  })
  LEDGER_CHECKPOINT_WITNESS_URLS?: string;

  /** With brokers, every checkpoint also goes to LEDGER_CHECKPOINT_TOPIC. */
  @IsOptional()
  @Matches(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be host:port[,host:port…]',
  })
  KAFKA_BROKERS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'LEDGER_CHECKPOINT_TOPIC must be a topic name' })
  LEDGER_CHECKPOINT_TOPIC = 'change-ledger.checkpoints';
}

/** What the log needs to run, read from a validated environment. */
export interface LedgerLogConfig {
  signingKeyFile: string;
  origin: string;
  intervalMs: number;
  checkpointDir?: string;
  witnessUrls: string[];
  kafka?: { brokers: string[]; topic: string };
}

export function ledgerLogConfig(
  env: IntegrityEnvironment,
  defaultKeyFile: string,
): LedgerLogConfig {
  return {
    signingKeyFile: env.LEDGER_LOG_SIGNING_KEY_FILE ?? defaultKeyFile,
    origin: env.LEDGER_LOG_ORIGIN,
    intervalMs: env.LEDGER_CHECKPOINT_INTERVAL_MS,
    checkpointDir: env.LEDGER_CHECKPOINT_DIR,
    witnessUrls: env.LEDGER_CHECKPOINT_WITNESS_URLS?.split(',') ?? [],
    kafka: env.KAFKA_BROKERS
      ? { brokers: env.KAFKA_BROKERS.split(','), topic: env.LEDGER_CHECKPOINT_TOPIC }
      : undefined,
  };
}
