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
  verifyReceipts,
  verifyStreamInLog,
} from '@change-ledger/integrity';

export interface VerifyOptions {
  trustedCheckpoint: string[];
  witnessDir?: string;
  verifierKey: string[];
  signingKeyFile?: string;
  /** Fail (exit 4) when no checkpoint anchors the log, rather than only warn. */
  strict?: boolean;
  /** Trusted witnesses (cosignature/v1 verifier keys) and how many must cosign (ADR 0018). */
  witnessKey: string[];
  quorum?: number;
  /** A directory of kept receipts (`*.receipt`): verified instead of the ledger. */
  receipts?: string;
}

/** `ledger verify`'s exit codes, as the README's table gives them. */
export const VERIFY_EXIT = {
  verified: 0,
  /** An error (thrown), or a change request that never existed. */
  error: 1,
  tampering: 2,
  /** `--strict` only: everything agrees, but no checkpoint anchors it. */
  notAnchored: 4,
} as const;

/**
 * `ledger verify`: wires the terminal to libs/integrity's verifiers. Exit 2 on tampering, 1 on
 * an error (thrown), 4 with `--strict` when no checkpoint is held, 0 when everything verifies.
 * The report goes to stdout as JSON, progress, warnings and a one-line verdict to stderr.
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
    if (options.receipts) return await runVerifyReceipts(store, log, verifiers, options.receipts);
    if (streamId) {
      if (options.witnessKey.length > 0)
        console.error(
          'note: --witness-key and --quorum apply to `ledger verify` of everything, not of one change request',
        );
      const result = await verifyStreamInLog({ store, log, streamId, verifiers });
      console.log(JSON.stringify(result, null, 2));
      if (result.status === 'never_existed') {
        console.error(`${streamId} does not exist and never did (no events, no leaves)`);
        return VERIFY_EXIT.error;
      }
      if (!result.valid) return tampering(result.firstFailure!);
      console.error(
        result.status === 'pruned_by_retention'
          ? `${streamId} was pruned by retention run ${result.runId ?? '(none recorded)'}; its ${result.leavesChecked} leaves remain`
          : `✔ verified ${streamId}: ${result.eventsChecked} events, ${result.leavesChecked} leaves, ${result.inclusion.included} included in checkpoint ${result.inclusion.checkpointSize ?? '(none)'}`,
      );
      return unlessUnanchored(result, options);
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
    if (!result.valid) return tampering(result.firstFailure!);
    console.error(
      `✔ verified ${result.eventsChecked} events, ${result.leavesChecked} leaves, ${result.checkpointsChecked} stored and ${result.trustedCheckpointsChecked} trusted checkpoints${options.witnessKey.length > 0 ? `, ${result.cosignaturesChecked} cosignatures of trusted witnesses (quorum ${options.quorum ?? 1})` : ''}`,
    );
    return unlessUnanchored(result, options);
  } finally {
    await pool.end();
  }
}

function tampering(first: { detail: string }): number {
  console.error(`✘ TAMPERING: ${first.detail}`);
  return VERIFY_EXIT.tampering;
}

/** A verified ledger no checkpoint anchors: a warning, and a failure with `--strict`. */
function unlessUnanchored(
  result: { anchored: boolean; warnings: string[] },
  options: VerifyOptions,
): number {
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  return !result.anchored && options.strict ? VERIFY_EXIT.notAnchored : VERIFY_EXIT.verified;
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

/**
 * `ledger verify --receipts DIR`: each kept receipt proven in the log by the time it promised.
 * Exit 2 naming each receipt that is not (not included, included late, its event gone), 1 when
 * the directory holds no receipt.
 */
async function runVerifyReceipts(
  store: EventStore,
  log: LogStore,
  verifiers: NoteVerifier[],
  dir: string,
): Promise<number> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.receipt')).sort();
  if (names.length === 0) {
    console.error(`no receipts (*.receipt) in ${dir}`);
    return 1;
  }
  const receipts = await Promise.all(
    names.map(async (name) => ({
      source: path.join(dir, name),
      note: await readFile(path.join(dir, name), 'utf8'),
    })),
  );
  const result = await verifyReceipts({ store, log, verifiers, receipts, now: new Date() });
  console.log(JSON.stringify(result, null, 2));
  for (const failure of result.failures)
    console.error(`✘ ${failure.status.replace('_', ' ')}: ${failure.source}: ${failure.detail}`);
  const pending = result.verdicts.filter((verdict) => verdict.status === 'pending').length;
  if (result.valid)
    console.error(
      `✔ verified ${result.receiptsChecked} receipts, ${result.eventsChecked} events` +
        (pending > 0 ? ` (${pending} not yet covered, still within their promise)` : ''),
    );
  return result.valid ? 0 : 2;
}
