import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPool, type EventStore } from '@change-ledger/event-store';
import {
  LogStore,
  type NoteVerifier,
  parseSignerKey,
  parseVerifierKey,
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
  /** A directory of kept receipts (`*.receipt`): verified instead of the ledger. */
  receipts?: string;
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
    if (options.receipts) return await runVerifyReceipts(store, log, verifiers, options.receipts);
    if (streamId) {
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
      onProgress: ({ events, leaves }) =>
        console.error(
          `… ${events} events, ${leaves} leaves (${Math.round((Date.now() - started) / 1000)} s)`,
        ),
    });
    console.log(JSON.stringify(result, null, 2));
    console.error(
      result.valid
        ? `✔ verified ${result.eventsChecked} events, ${result.leavesChecked} leaves, ${result.checkpointsChecked} stored and ${result.trustedCheckpointsChecked} trusted checkpoints`
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
