import path from 'node:path';
import { EventStoreEnvironment } from '@change-ledger/event-store';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  registerDecorator,
  type ValidationArguments,
  ValidateBy,
} from 'class-validator';
import { type WitnessConfig } from './checkpoint/witness-submission';
import { COSIGNATURE_V1, parseTypedVerifierKey } from './note/signed-note';

/**
 * The keys of the transparency log, shared by the configuration classes of the apps that run it
 * (API with its in-process projector, projector). Validated once at start-up with the rest.
 */
export class IntegrityEnvironment extends EventStoreEnvironment {
  /**
   * The process's data directory: the embedded PostgreSQL, the local tokens, and the log's key
   * (`log-signing.key`) unless LEDGER_LOG_SIGNING_KEY_FILE names one. Every process that signs or
   * advertises the log's key reads it from here, so that they agree whatever their working
   * directory; relative paths are taken from the working directory, as every path setting is.
   */
  @IsOptional()
  @IsString()
  LEDGER_DATA_DIR = '.data';

  /** The signed-note private key (PRIVATE+KEY+…). Unset: `log-signing.key` in LEDGER_DATA_DIR. */
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

  /**
   * A write's receipt promises its events a checkpoint signed within this many seconds of their
   * recording (the log's maximum merge delay, ADR 0019). Keep it well above the checkpoint
   * cadence plus the sequencer's lag: a checkpoint later than the promise is named by
   * `ledger verify --receipts` as "included late".
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS must be a whole number of seconds' })
  @Min(1)
  @CoversCheckpointCadence()
  LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS: number = 300;

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

  /**
   * C2SP tlog-witness witnesses that cosign each checkpoint (ADR 0018), as JSON:
   * `[{"url":"http://witness:3700","key":"<name>+<key id>+<base64>"}]` (key: its cosignature/v1
   * verifier key, as `ledger witness keygen` prints it).
   */
  @IsOptional()
  @ValidateBy({
    name: 'witnessList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && witnessList(value) !== undefined,
      defaultMessage: () =>
        'LEDGER_WITNESSES must be a JSON array of {"url": "http(s)://…", "key": "<cosignature/v1 verifier key>"}',
    },
  })
  LEDGER_WITNESSES?: string;

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

/** Checkpoints a receipt's promise spans at least: a late or failed one must not break it. */
const CADENCES_PER_PROMISE = 3;

/**
 * class-validator: the maximum merge delay spans several checkpoint intervals, else every
 * receipt would be "included late" by design (ADR 0019).
 */
function CoversCheckpointCadence() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'coversCheckpointCadence',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (seconds: unknown, args: ValidationArguments) => {
          const interval = (args.object as IntegrityEnvironment).LEDGER_CHECKPOINT_INTERVAL_MS;
          return typeof seconds !== 'number' || seconds * 1000 >= CADENCES_PER_PROMISE * interval;
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be at least ${CADENCES_PER_PROMISE} checkpoint intervals ` +
          `(LEDGER_CHECKPOINT_INTERVAL_MS=${(args.object as IntegrityEnvironment).LEDGER_CHECKPOINT_INTERVAL_MS}): ` +
          'a receipt promises a checkpoint within it',
      },
    });
}

/** The log's key in a data directory (LEDGER_DATA_DIR, the ledger CLI's --data-dir). */
export const LOG_SIGNING_KEY_FILE_NAME = 'log-signing.key';

/** What the log needs to run, read from a validated environment. */
export interface LedgerLogConfig {
  signingKey: {
    /** Absolute: the key the process signs with and advertises. */
    file: string;
    /** Where the file came from, for the messages that tell an operator how to fix it. */
    source: string;
    /** Whether it is the data directory's default (the only place a key may be made). */
    inDataDir: boolean;
  };
  origin: string;
  intervalMs: number;
  /** What a receipt promises (seconds after recording); the default of WriteReceipts if unset. */
  maxMergeDelaySeconds?: number;
  checkpointDir?: string;
  witnessUrls: string[];
  /** Witnesses that cosign (tlog-witness); their cosignatures are stored with the checkpoints. */
  witnesses: WitnessConfig[];
  kafka?: { brokers: string[]; topic: string };
}

/**
 * The key file is LEDGER_LOG_SIGNING_KEY_FILE or `<LEDGER_DATA_DIR>/log-signing.key`, for every
 * app alike: no app has a default of its own (the projector's `.data/` under its own working
 * directory once signed with another key than the one the API advertised).
 */
export function ledgerLogConfig(env: IntegrityEnvironment): LedgerLogConfig {
  const dataDir = path.resolve(env.LEDGER_DATA_DIR);
  return {
    signingKey: env.LEDGER_LOG_SIGNING_KEY_FILE
      ? {
          file: path.resolve(env.LEDGER_LOG_SIGNING_KEY_FILE),
          source: 'LEDGER_LOG_SIGNING_KEY_FILE',
          inDataDir: false,
        }
      : {
          file: path.join(dataDir, LOG_SIGNING_KEY_FILE_NAME),
          source: `LEDGER_DATA_DIR=${dataDir}`,
          inDataDir: true,
        },
    origin: env.LEDGER_LOG_ORIGIN,
    intervalMs: env.LEDGER_CHECKPOINT_INTERVAL_MS,
    maxMergeDelaySeconds: env.LEDGER_RECEIPT_MAX_MERGE_DELAY_SECONDS,
    checkpointDir: env.LEDGER_CHECKPOINT_DIR,
    witnessUrls: env.LEDGER_CHECKPOINT_WITNESS_URLS?.split(',') ?? [],
    witnesses: env.LEDGER_WITNESSES ? (witnessList(env.LEDGER_WITNESSES) ?? []) : [],
    kafka: env.KAFKA_BROKERS
      ? { brokers: env.KAFKA_BROKERS.split(','), topic: env.LEDGER_CHECKPOINT_TOPIC }
      : undefined,
  };
}

/** LEDGER_WITNESSES read, or undefined when it is not a list of witnesses with valid keys. */
function witnessList(text: string): WitnessConfig[] | undefined {
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list)) return undefined;
    return list.map((item: unknown) => {
      const { url, key } = (item ?? {}) as Record<string, unknown>;
      if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url) || typeof key !== 'string')
        throw new Error('not a witness');
      parseTypedVerifierKey(key, COSIGNATURE_V1);
      return { url, key };
    });
  } catch {
    // The message of the validator names what is expected; the parse error adds nothing.
    return undefined;
  }
}
