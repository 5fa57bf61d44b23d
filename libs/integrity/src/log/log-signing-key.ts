import { readFile } from 'node:fs/promises';
import { createPool } from '@change-ledger/event-store';
import { IntegrityError } from '../integrity.errors';
import {
  type NoteSigner,
  noteSignatures,
  openNote,
  parseSignerKey,
  verifierKey,
} from '../note/signed-note';
import { loadSigningKey } from '../note/signing-key-file';
import { LogStore, type StoredCheckpoint } from './log-store';

/**
 * The log has one key: every checkpoint is signed with it and every process advertises it
 * (`/api/v1/ledger/verifier-key`, the start-up line, an evidence bundle's manifest). A process
 * configured with another key — another data directory, another working directory, a key file
 * copied from elsewhere — would sign checkpoints no auditor's key verifies, or advertise a key
 * that verifies none of them. So every process that signs or advertises the key checks it against
 * the latest stored checkpoint before it starts, and refuses to start on a mismatch. A fresh log
 * (no checkpoint yet) takes any key. Changing the log's key (rotation) has no path yet: a new key
 * is refused like a wrong one, so it can never happen by accident.
 */
export interface OpenLogSigningKeyOptions {
  /** The read-model database, which holds ledger_log.* (read as ledger_reader). */
  databaseUrl: string;
  /** Absolute path of the key file this process is configured with. */
  keyFile: string;
  /** Where keyFile came from, for the messages (`LEDGER_DATA_DIR=/srv/ledger`). */
  source: string;
  /** A key of this name is made when the file is missing and the log has no checkpoint yet. */
  createAs?: string;
  /** How an operator points this process at another key, for the messages. */
  fix?: string;
}

export interface LogSigningKey {
  signer: NoteSigner;
  /** The key was made now (a fresh log and no key file yet). */
  created: boolean;
  /** The latest checkpoint, which `signer` verifies; none on a fresh log. */
  latest?: StoredCheckpoint;
}

const DEFAULT_FIX =
  "point LEDGER_DATA_DIR at the data directory that holds the log's key (its log-signing.key), " +
  'or LEDGER_LOG_SIGNING_KEY_FILE at the key file itself';

/**
 * The process's signing key, checked against the log: refused (IntegrityError, `conflict`) when
 * the latest checkpoint was signed with another key, and never made when the log already has
 * checkpoints (a key made then could only be the wrong one).
 */
export async function openLogSigningKey(options: OpenLogSigningKeyOptions): Promise<LogSigningKey> {
  const latest = await latestCheckpointAt(options.databaseUrl);
  const described = { file: options.keyFile, source: options.source, fix: options.fix };
  let loaded: { signer: NoteSigner; created: boolean };
  try {
    loaded = latest
      ? { signer: parseSignerKey(await readFile(options.keyFile, 'utf8')), created: false }
      : await loadSigningKey(options.keyFile, options.createAs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new IntegrityError(
      'INTEGRITY.NO_SIGNING_KEY',
      'invalid',
      `No log signing key at ${options.keyFile} (${options.source})` +
        (latest
          ? `; the log's checkpoints are signed with ${signedWith(latest).join(', ')}. `
          : '. ') +
        `Refusing to start: ${options.fix ?? DEFAULT_FIX}.`,
      { keyFile: options.keyFile, source: options.source },
    );
  }
  if (latest) assertSignedBy(latest, loaded.signer, described);
  return { ...loaded, latest };
}

/**
 * Throws unless `checkpoint` carries a signature of `signer` that verifies: the same name, key id
 * and public key. The message names both keys and how to point the process at the right one.
 */
export function assertSignedBy(
  checkpoint: StoredCheckpoint,
  signer: NoteSigner,
  key: { file?: string; source?: string; fix?: string; refusing?: string } = {},
): void {
  try {
    openNote(checkpoint.note, [signer]);
    return;
  } catch (error) {
    if (!(error instanceof IntegrityError) || error.code !== 'INTEGRITY.UNVERIFIED_NOTE')
      throw error;
  }
  const ours = verifierKey(signer);
  const theirs = signedWith(checkpoint);
  const where = key.file ? ` (${key.file}${key.source ? `, from ${key.source}` : ''})` : '';
  throw new IntegrityError(
    'INTEGRITY.WRONG_SIGNING_KEY',
    'conflict',
    `The log's checkpoints are signed with key ${theirs.join(', ')} ` +
      `(latest: tree size ${checkpoint.size}, verifier key ${checkpoint.verifierKey}), ` +
      `but this process's signing key${where} is ${keyName(ours)}. ` +
      `${key.refusing ?? 'Refusing to start'}: its checkpoints and the verifier key it advertises would not match the log's. ` +
      `Fix: ${key.fix ?? DEFAULT_FIX}. ` +
      'Changing the log’s key (rotation) is not supported: the log keeps the key it started with.',
    { logKeys: theirs, processKey: keyName(ours), keyFile: key.file, treeSize: checkpoint.size },
  );
}

/** `name+keyid` of each signature on the checkpoint, as an operator looks for a key file. */
function signedWith(checkpoint: StoredCheckpoint): string[] {
  return noteSignatures(checkpoint.note).map((signature) => signature.key);
}

/** `name+keyid` of a verifier key `name+keyid+base64`. */
function keyName(vkey: string): string {
  return vkey.split('+').slice(0, 2).join('+');
}

async function latestCheckpointAt(databaseUrl: string): Promise<StoredCheckpoint | undefined> {
  // One connection, once, before the app starts, ended before it runs.
  const pool = createPool('log signing key check (ledger_reader)', {
    connectionString: databaseUrl,
    options: '-c role=ledger_reader',
    max: 1,
  });
  try {
    return await new LogStore(pool).latestCheckpoint();
  } catch (error) {
    if ((error as { code?: string }).code === '42P01')
      throw new IntegrityError(
        'INTEGRITY.NOT_MIGRATED',
        'unavailable',
        'The transparency log’s tables (ledger_log.*) are missing: run `ledger migrate` first',
      );
    throw error;
  } finally {
    await pool.end();
  }
}
