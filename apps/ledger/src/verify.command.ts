import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPool, type EventStore } from '@change-ledger/event-store';
import {
  CosignatureStore,
  LogStore,
  type NoteVerifier,
  parseSignerKey,
  parseVerifierKey,
  parseWitnessKey,
  type TrustedCheckpoint,
  verifyLedger,
  verifyStreamInLog,
} from '@change-ledger/integrity';

export interface VerifyOptions {
  trustedCheckpoint: string[];
  witnessDir?: string;
  verifierKey: string[];
  signingKeyFile?: string;
  /** Trusted witnesses (cosignature/v1 verifier keys) and how many must cosign (ADR 0018). */
  witnessKey: string[];
  quorum?: number;
}

/**
 * `ledger verify`: wires the terminal to libs/integrity's verifiers. Exit 2 on tampering, 1 on
 * an error (thrown), 0 when everything verifies. The report goes to stdout as JSON, progress and
 * a one-line verdict to stderr.
 */
export async function runVerify(
  store: EventStore,
  databaseUrl: string,
  streamId: string | undefined,
  options: VerifyOptions,
): Promise<number> {
  const pool = createPool('verify (ledger_reader)', {
    connectionString: databaseUrl,
    options: '-c role=ledger_reader',
    max: 2,
  });
  try {
    const log = new LogStore(pool);
    const verifiers = await trustedKeys(log, options);
    if (streamId) {
      if (options.witnessKey.length > 0)
        console.error(
          'note: --witness-key and --quorum apply to `ledger verify` of everything, not of one change request',
        );
      const result = await verifyStreamInLog({ store, log, streamId, verifiers });
      if (result.status === 'never_existed') {
        console.error(`${streamId} does not exist and never did (no events, no leaves)`);
        console.log(JSON.stringify({ valid: false, ...result }, null, 2));
        return 1;
      }
      console.log(JSON.stringify(result, null, 2));
      if (result.status === 'pruned_by_retention') {
        console.error(
          `${streamId} was pruned by retention run ${result.runId ?? '(none recorded)'}; its ${result.leaves} leaves remain`,
        );
        return 0;
      }
      return result.valid ? 0 : 2;
    }
    const trusted = await trustedCheckpoints(options);
    const started = Date.now();
    const result = await verifyLedger({
      store,
      log,
      verifiers,
      trusted,
      witnesses:
        options.witnessKey.length > 0
          ? {
              keys: options.witnessKey.map(parseWitnessKey),
              quorum: options.quorum ?? 1,
              store: new CosignatureStore(pool),
            }
          : undefined,
      onProgress: ({ events, leaves }) =>
        console.error(
          `… ${events} events, ${leaves} leaves (${Math.round((Date.now() - started) / 1000)} s)`,
        ),
    });
    console.log(JSON.stringify(result, null, 2));
    console.error(
      result.valid
        ? `✔ verified ${result.eventsChecked} events, ${result.leavesChecked} leaves, ${result.checkpointsChecked} stored and ${result.trustedCheckpointsChecked} trusted checkpoints${options.witnessKey.length > 0 ? `, ${result.cosignaturesChecked} cosignatures of trusted witnesses (quorum ${options.quorum ?? 1})` : ''}`
        : `✘ TAMPERING: ${result.firstFailure!.detail}`,
    );
    return result.valid ? 0 : 2;
  } finally {
    await pool.end();
  }
}

/**
 * The keys checkpoints must verify with: given by the auditor, else derived from the signing key
 * file, else — the weakest, and said so — the one stored with the latest checkpoint.
 */
async function trustedKeys(log: LogStore, options: VerifyOptions): Promise<NoteVerifier[]> {
  if (options.verifierKey.length > 0) return options.verifierKey.map(parseVerifierKey);
  if (options.signingKeyFile)
    return [parseSignerKey(await readFile(options.signingKeyFile, 'utf8'))];
  const latest = await log.latestCheckpoint();
  if (!latest) return [];
  console.error(
    'warning: no --verifier-key given; checking signatures with the key stored in the database being verified',
  );
  return [parseVerifierKey(latest.verifierKey)];
}

async function trustedCheckpoints(options: VerifyOptions): Promise<TrustedCheckpoint[]> {
  const files = [...options.trustedCheckpoint];
  if (options.witnessDir) {
    const names = await readdir(options.witnessDir);
    files.push(
      ...names
        .filter((name) => name.endsWith('.checkpoint') || name === 'latest')
        .map((name) => path.join(options.witnessDir!, name)),
    );
  }
  return Promise.all(
    files.map(async (file) => ({ source: file, note: await readFile(file, 'utf8') })),
  );
}
