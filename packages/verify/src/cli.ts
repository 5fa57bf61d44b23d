import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type Checkpoint } from './checkpoint';
import {
  checkCheckpoint,
  checkConsistency,
  checkInclusion,
  checkReceipt,
  openCheckpoint,
} from './checks';
import {
  COSIGNATURE_V1,
  type NoteVerifier,
  parseTypedVerifierKey,
  parseVerifierKey,
} from './signed-note';
import { bundleSummaryLine, verifyBundle } from './verify-bundle';
import { errorMessage } from './verify-error';

export const USAGE = `change-ledger-verify: checks what a Change Ledger signed, with Node alone (no database, no network)

  change-ledger-verify [bundle] BUNDLE.tar.gz --verifier-key KEY [--trusted-checkpoint FILE]... [--receipt FILE]...
  change-ledger-verify checkpoint FILE --verifier-key KEY [--witness-key KEY]... [--quorum N]
  change-ledger-verify inclusion --checkpoint FILE --proof FILE --verifier-key KEY [--event FILE | --event-hash HEX]
  change-ledger-verify consistency --old FILE --new FILE --proof FILE --verifier-key KEY
  change-ledger-verify receipt FILE... --verifier-key KEY

KEY is the log's verifier key (GET /api/v1/ledger/verifier-key), obtained out of band; a witness
KEY is its cosignature/v1 key. A proof FILE is the API's answer (GET /api/v1/ledger/proofs/...).
The report is JSON on stdout, one line for people on stderr.
Exit 0 verified, 2 a check failed (the report names it), 1 an error (usage, unreadable input).`;

const repeatable: { type: 'string'; multiple: true; default: string[] } = {
  type: 'string',
  multiple: true,
  default: [],
};
const single = { type: 'string' } as const;

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMANDS: Record<string, Options> = {
  bundle: { 'verifier-key': repeatable, 'trusted-checkpoint': repeatable, receipt: repeatable },
  checkpoint: { 'verifier-key': repeatable, 'witness-key': repeatable, quorum: single },
  inclusion: {
    'verifier-key': repeatable,
    checkpoint: single,
    proof: single,
    event: single,
    'event-hash': single,
  },
  consistency: { 'verifier-key': repeatable, old: single, new: single, proof: single },
  receipt: { 'verifier-key': repeatable },
};

export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: Output = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

class UsageError extends Error {}

/** The command line: answers the exit code (0 verified, 2 a failed check, 1 an error). */
export async function main(argv: readonly string[], out: Output = processOutput): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    out.stderr(USAGE);
    return argv.length === 0 ? 1 : 0;
  }
  const named = argv[0]! in COMMANDS;
  const command = named ? argv[0]! : 'bundle';
  try {
    const { values, positionals } = parseArgs({
      args: named ? argv.slice(1) : [...argv],
      options: COMMANDS[command]!,
      allowPositionals: true,
      strict: true,
    });
    const options = values as Record<string, string | string[] | undefined>;
    const keys = (options['verifier-key'] as string[]).map(parseVerifierKey);
    switch (command) {
      case 'bundle':
        return await bundle(positionals, options, keys, out);
      case 'checkpoint':
        return await checkpoint(positionals, options, requireKeys(keys), out);
      case 'inclusion':
        return await inclusion(options, requireKeys(keys), out);
      case 'consistency':
        return await consistency(options, requireKeys(keys), out);
      default:
        return await receipts(positionals, requireKeys(keys), out);
    }
  } catch (error) {
    out.stderr(`change-ledger-verify ${command}: ${errorMessage(error)}`);
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    )
      out.stderr('(change-ledger-verify --help shows the usage)');
    return 1;
  }
}

async function bundle(
  positionals: string[],
  options: Record<string, string | string[] | undefined>,
  keys: NoteVerifier[],
  out: Output,
): Promise<number> {
  const file = only(positionals, 'one bundle file');
  if (keys.length === 0)
    out.stderr(
      "warning: no --verifier-key given; checking signatures with the bundle's own key (obtain the log's key out of band)",
    );
  const result = await verifyBundle(createReadStream(file), {
    verifierKeys: keys,
    trustedCheckpoints: await readAll(options['trusted-checkpoint'] as string[]),
    receipts: await readAll(options.receipt as string[]),
  });
  return report(out, result, bundleSummaryLine(result));
}

async function checkpoint(
  positionals: string[],
  options: Record<string, string | string[] | undefined>,
  keys: NoteVerifier[],
  out: Output,
): Promise<number> {
  const file = only(positionals, 'one checkpoint file');
  const witnessKeys = (options['witness-key'] as string[]).map((key) =>
    parseTypedVerifierKey(key, COSIGNATURE_V1),
  );
  const quorum = options.quorum === undefined ? undefined : Number(options.quorum);
  if (quorum !== undefined && !(Number.isSafeInteger(quorum) && quorum >= 1))
    throw new UsageError('--quorum is a whole number of at least 1');
  if (quorum !== undefined && quorum > witnessKeys.length)
    throw new UsageError(`--quorum ${quorum} needs at least as many --witness-key`);
  const result = checkCheckpoint(await readFile(file, 'utf8'), {
    verifierKeys: keys,
    witnessKeys,
    ...(quorum === undefined ? {} : { quorum }),
  });
  return report(
    out,
    result,
    result.valid
      ? `✔ checkpoint ${result.size} of ${result.origin}, signed by ${result.signedBy.join(', ')}` +
          (result.cosignedBy.length
            ? `, cosigned by ${result.cosignedBy.map((by) => `${by.witness} at ${by.time}`).join(', ')}`
            : '')
      : `✘ ${file}: ${result.failure}`,
  );
}

async function inclusion(
  options: Record<string, string | string[] | undefined>,
  keys: NoteVerifier[],
  out: Output,
): Promise<number> {
  const checkpointFile = required(options, 'checkpoint');
  const proofFile = required(options, 'proof');
  if (options.event !== undefined && options['event-hash'] !== undefined)
    throw new UsageError('--event or --event-hash, not both');
  const checkpoint = await signedCheckpoint(checkpointFile, keys);
  if ('failure' in checkpoint)
    return report(out, checkpoint, `✘ ${checkpointFile}: ${checkpoint.failure}`);
  const event =
    options.event !== undefined
      ? { line: await readFile(options.event as string, 'utf8') }
      : options['event-hash'] !== undefined
        ? { hash: options['event-hash'] as string }
        : undefined;
  const result = checkInclusion(checkpoint, await readJson(proofFile), event);
  return report(
    out,
    result,
    result.valid
      ? `✔ event ${result.eventId} is leaf ${result.leafIndex} of checkpoint ${checkpoint.size}` +
          (event
            ? ''
            : " (the answer's leaf hash: give --event or --event-hash to tie it to the event)")
      : `✘ ${proofFile}: ${result.failure}`,
  );
}

async function consistency(
  options: Record<string, string | string[] | undefined>,
  keys: NoteVerifier[],
  out: Output,
): Promise<number> {
  const [oldFile, newFile] = [required(options, 'old'), required(options, 'new')];
  const proofFile = required(options, 'proof');
  const older = await signedCheckpoint(oldFile, keys);
  if ('failure' in older) return report(out, older, `✘ ${oldFile}: ${older.failure}`);
  const newer = await signedCheckpoint(newFile, keys);
  if ('failure' in newer) return report(out, newer, `✘ ${newFile}: ${newer.failure}`);
  const result = checkConsistency(older, newer, await readJson(proofFile));
  return report(
    out,
    result,
    result.valid
      ? `✔ checkpoint ${newer.size} extends checkpoint ${older.size}`
      : `✘ ${proofFile}: ${result.failure}`,
  );
}

async function receipts(positionals: string[], keys: NoteVerifier[], out: Output): Promise<number> {
  if (positionals.length === 0) throw new UsageError('give at least one receipt file');
  const results = await Promise.all(
    positionals.map(async (file) => ({
      source: file,
      ...checkReceipt(await readFile(file, 'utf8'), keys),
    })),
  );
  const failed = results.find((result) => !result.valid);
  const result = { valid: !failed, receipts: results };
  return report(
    out,
    result,
    failed
      ? `✘ ${failed.source}: ${failed.failure}`
      : `✔ ${results.length} receipt(s) signed by the log, ${results.reduce((n, r) => n + r.events.length, 0)} event(s) promised; a bundle (--receipt) shows whether they were included`,
  );
}

/** A checkpoint file the log's key signed; a failed check (exit 2) when it did not. */
async function signedCheckpoint(
  file: string,
  keys: NoteVerifier[],
): Promise<Checkpoint | { valid: false; failure: string }> {
  const note = await readFile(file, 'utf8');
  try {
    return openCheckpoint(note, keys);
  } catch (error) {
    return { valid: false, failure: errorMessage(error) };
  }
}

function report(out: Output, result: { valid: boolean }, line: string): number {
  out.stdout(JSON.stringify(result, null, 2));
  out.stderr(line);
  return result.valid ? 0 : 2;
}

function requireKeys(keys: NoteVerifier[]): NoteVerifier[] {
  if (keys.length === 0) throw new UsageError("--verifier-key (the log's key) is required");
  return keys;
}

function only(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`give ${what}`);
  return positionals[0]!;
}

function required(options: Record<string, string | string[] | undefined>, name: string): string {
  const value = options[name];
  if (typeof value !== 'string') throw new UsageError(`--${name} FILE is required`);
  return value;
}

async function readAll(files: readonly string[]) {
  return Promise.all(
    files.map(async (source) => ({ source, note: await readFile(source, 'utf8') })),
  );
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${errorMessage(error)}`);
  }
}
