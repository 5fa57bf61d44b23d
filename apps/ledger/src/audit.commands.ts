import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  AuditSamples,
  type BundleSummary,
  ledgerFold,
  PopulationQuery,
  writeEvidenceBundle,
} from '@change-ledger/audit';
import { createPool, type EventStore } from '@change-ledger/event-store';
import { LOG_SIGNING_KEY_FILE_NAME, LogStore, openLogSigningKey } from '@change-ledger/integrity';
import { PopulationCandidatesQuery } from '@change-ledger/read-models';
import { bundleSummaryLine, parseVerifierKey, verifyBundle } from '@change-ledger/verify';

export interface ExportOptions {
  from?: Date;
  to?: Date;
  asOf?: Date;
  sampleId?: string;
  sample?: number;
  seed?: string;
  by: string;
  out: string;
  signingKeyFile?: string;
  /** Where the key is when no --signing-key-file is given: `<dir>/log-signing.key`. */
  dataDir: string;
}

/**
 * `ledger export`: wires the terminal to libs/audit's bundle writer. A sample drawn here (`--sample
 * N --seed S`) is recorded like one drawn over the API, attributed to whoever holds the database
 * credentials (`--by`, default the OS user). Progress goes to stderr, the summary to stdout.
 */
export async function runExport(
  stores: { reader: EventStore; writer: () => Promise<EventStore> },
  databaseUrl: string,
  options: ExportOptions,
): Promise<number> {
  // The manifest is signed with the log's key, found as the API and the projector find it, and
  // refused when the log's checkpoints were signed with another (the bundle would not verify).
  const dataDir = path.resolve(options.dataDir);
  const { signer } = await openLogSigningKey({
    databaseUrl,
    ...(options.signingKeyFile
      ? {
          keyFile: path.resolve(options.signingKeyFile),
          source: '--signing-key-file (LEDGER_LOG_SIGNING_KEY_FILE)',
        }
      : {
          keyFile: path.join(dataDir, LOG_SIGNING_KEY_FILE_NAME),
          source: `--data-dir (LEDGER_DATA_DIR) ${dataDir}`,
        }),
    fix:
      "point --data-dir (LEDGER_DATA_DIR) at the data directory that holds the log's key, " +
      'or --signing-key-file (LEDGER_LOG_SIGNING_KEY_FILE) at the key file itself',
  });
  const pool = createPool('export (ledger_reader)', {
    connectionString: databaseUrl,
    options: '-c role=ledger_reader',
    max: 3,
  });
  try {
    const populations = new PopulationQuery(stores.reader, new PopulationCandidatesQuery(pool));
    let sample;
    let samples = new AuditSamples(
      stores.reader,
      populations,
      { now: () => new Date() },
      randomUUID,
    );
    if (options.sample !== undefined) {
      if (!options.seed || !options.from || !options.to)
        throw new Error('--sample N needs --seed, --from and --to');
      samples = new AuditSamples(
        await stores.writer(),
        populations,
        { now: () => new Date() },
        randomUUID,
      );
      const drawn = await samples.draw(
        {
          period: { from: options.from, to: options.to },
          seed: options.seed,
          sizes: { size: options.sample },
          asOf: options.asOf,
        },
        {
          actor: {
            id: options.by,
            kind: 'user',
            roles: ['auditor'],
            authenticatedBy: 'database-credentials',
          },
          source: { kind: 'cli', command: 'export' },
          correlationId: randomUUID(),
        },
      );
      console.error(`sample ${drawn.data.sampleId} drawn and recorded`);
      sample = { drawn: drawn.data, events: await samples.events(drawn.data.sampleId) };
    } else if (options.sampleId) {
      const drawn = await samples.load(options.sampleId);
      sample = { drawn: drawn.data, events: await samples.events(options.sampleId) };
    }
    const period = sample
      ? { from: new Date(sample.drawn.from), to: new Date(sample.drawn.to) }
      : options.from && options.to
        ? { from: options.from, to: options.to }
        : undefined;
    if (!period) throw new Error('--from and --to are required without --sample-id');
    const started = Date.now();
    const summary: BundleSummary = await writeEvidenceBundle(
      { store: stores.reader, log: new LogStore(pool), populations, signer },
      {
        period,
        asOf: sample ? new Date(sample.drawn.asOf) : options.asOf,
        sample,
        now: new Date(),
        onProgress: ({ members, of, bytes }) => {
          if (members % 100 === 0 || members === of)
            console.error(
              `… ${members}/${of} changes, ${Math.round(bytes / 1024)} KiB (${Math.round((Date.now() - started) / 1000)} s)`,
            );
        },
      },
      createWriteStream(options.out),
    );
    console.log(JSON.stringify({ out: options.out, ...summary }, null, 2));
    if (summary.eventsAfterCheckpoint > 0)
      console.error(
        `note: ${summary.eventsAfterCheckpoint} events recorded after checkpoint ${summary.checkpointSize} are not in the bundle`,
      );
    return 0;
  } finally {
    await pool.end();
  }
}

export interface VerifyBundleCliOptions {
  verifierKey: string[];
  trustedCheckpoint: string[];
  receipt: string[];
}

/**
 * `ledger verify-bundle`: no database, no network. The standalone verifier (packages/verify, what
 * an auditor installs alone) with the ledger's own fold plugged in, so each change's derived files
 * are re-derived too. Exit 0 verified, 2 a failure (named), 1 error.
 */
export async function runVerifyBundle(
  file: string,
  options: VerifyBundleCliOptions,
): Promise<number> {
  const verifierKeys = options.verifierKey.map(parseVerifierKey);
  if (verifierKeys.length === 0)
    console.error(
      "warning: no --verifier-key given; checking signatures with the bundle's own key (obtain the log's key out of band)",
    );
  const kept = (files: string[]) =>
    Promise.all(files.map(async (source) => ({ source, note: await readFile(source, 'utf8') })));
  const result = await verifyBundle(createReadStream(file), {
    verifierKeys,
    trustedCheckpoints: await kept(options.trustedCheckpoint),
    receipts: await kept(options.receipt),
    derive: ledgerFold(),
  });
  console.log(JSON.stringify(result, null, 2));
  console.error(bundleSummaryLine(result));
  return result.valid ? 0 : 2;
}
