import { createHash } from 'node:crypto';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import {
  CHANGE_FILES,
  type ConsistencyProofLine,
  folderHoldsStream,
  type InclusionProofLine,
  MANIFEST,
  MANIFEST_SIGNATURE,
  type Manifest,
  manifestNoteText,
  STREAM_FOLDER,
} from './bundle-format';
import { type Checkpoint, parseCheckpoint } from './checkpoint';
import { type BundleEvent, parseEventLine, StreamChain } from './event-chain';
import { eventLeafHash, verifyConsistency, verifyInclusion } from './merkle';
import { type KeptReceipt, judgeReceipts, type ReceiptVerdict } from './receipts-in-bundle';
import { type NoteVerifier, openNote, parseVerifierKey } from './signed-note';
import { errorMessage } from './verify-error';

export interface BundleFailure {
  /** The file in the bundle (or the trusted checkpoint given) that fails. */
  file: string;
  /** 1-based line of a .jsonl file, and the event on it, when the failure is one event's. */
  line?: number;
  eventId?: string;
  check:
    | 'manifest_signature'
    | 'manifest'
    | 'file_hash'
    | 'unlisted_file'
    | 'missing_file'
    | 'checkpoint_signature'
    | 'trusted_checkpoint'
    | 'event_hash'
    | 'event_chain'
    | 'inclusion_proof'
    | 'derived_file'
    | 'receipt'
    | 'malformed';
  detail: string;
}

export interface BundleVerification {
  valid: boolean;
  format: string | null;
  checkpoint: { size: number; root: string; time?: string } | null;
  /** Whose keys the signatures were checked with: the auditor's, or (weaker) the bundle's own. */
  keys: 'given' | 'bundle';
  filesChecked: number;
  eventsChecked: number;
  proofsChecked: number;
  /**
   * `rederived`: each change's history, state, approvals, CI facts, gates, outcome and summary
   * were folded again from its events and compared byte for byte (the ledger's own fold, given
   * as `derive`). `signed`: they were checked as every file is — their SHA-256 against the
   * signed manifest — but not folded again (this package alone does not hold the ledger's rules).
   */
  derivedFiles: 'rederived' | 'signed';
  derivedFilesChecked: number;
  trustedCheckpointsChecked: number;
  /** What became of each event of each receipt given (`receipts`). */
  receipts: ReceiptVerdict[];
  firstFailure: BundleFailure | null;
  failures: BundleFailure[];
}

/**
 * The ledger's fold of a stream folder's events into the files derived from them (libs/audit's
 * `changeEvidenceFiles`). Called once per stream folder, in the bundle's order, once its chain and
 * inclusion proofs hold: answers each derived file's expected text by name (none for a folder
 * that has no derived files).
 */
export type DeriveFiles = (
  folder: string,
  events: readonly BundleEvent[],
  leafIndexes: ReadonlyMap<string, number>,
) => ReadonlyMap<string, string>;

export interface VerifyBundleOptions {
  /** The log's verifier keys, obtained out of band. Without them, the bundle's own is used. */
  verifierKeys?: readonly NoteVerifier[];
  /** Checkpoints the auditor kept: the bundle's must be (consistent with) each. */
  trustedCheckpoints?: ReadonlyArray<{ source: string; note: string }>;
  /** Receipts a client kept (ADR 0019): each event the bundle holds must be the one promised. */
  receipts?: readonly KeptReceipt[];
  /** Re-derives each change's files from its events (the ledger's own fold); else hash-checked. */
  derive?: DeriveFiles;
}

type Failure = BundleFailure & { order: number };
type Fail = (order: number, failure: BundleFailure) => void;
type Folder = { name: string; files: Map<string, { body: Buffer; order: number }> };

/** What the stream folders proved: each event's hash and leaf, by id, for receipts. */
export type ProvedEvents = Map<string, { hash: string; leafIndex: number; file: string }>;

/**
 * Checks an evidence bundle with no database and no network, in one streaming pass (memory flat
 * in the bundle's size but for one folder at a time): the manifest's signature and every file's
 * SHA-256, every event's hash and chain, every inclusion proof against the checkpoint, the
 * checkpoint's signature (and the auditor's own checkpoints), and, given the ledger's fold, that
 * every derived file is what the events fold to.
 */
export async function verifyBundle(
  input: Readable,
  options: VerifyBundleOptions = {},
): Promise<BundleVerification> {
  const failures: Failure[] = [];
  const fail: Fail = (order, failure) => failures.push({ ...failure, order });
  const seen = new Map<string, { sha256: string; order: number }>();
  const result: BundleVerification = {
    valid: false,
    format: null,
    checkpoint: null,
    keys: options.verifierKeys?.length ? 'given' : 'bundle',
    filesChecked: 0,
    eventsChecked: 0,
    proofsChecked: 0,
    derivedFiles: options.derive ? 'rederived' : 'signed',
    derivedFilesChecked: 0,
    trustedCheckpointsChecked: 0,
    receipts: [],
    firstFailure: null,
    failures: [],
  };
  let keys = options.verifierKeys?.length ? [...options.verifierKeys] : undefined;
  let checkpoint: Checkpoint | undefined;
  const consistency: ConsistencyProofLine[] = [];
  const proved: ProvedEvents = new Map();
  let manifest: { text: string; order: number } | undefined;
  let signature: { text: string; order: number } | undefined;
  let folder: Folder | undefined;

  const checkFolder = () => {
    if (!folder) return;
    const checked = checkStreamFolder(folder, checkpoint, options.derive, proved, fail);
    result.eventsChecked += checked.events;
    result.proofsChecked += checked.proofs;
    result.derivedFilesChecked += checked.derived;
    folder = undefined;
  };

  const extract = tarExtract();
  // Not a gzip'd tar (or a truncated one): the pipeline fails, and the loop below with it. Its
  // error is kept here, so it is never an unhandled rejection, and thrown as the reason.
  const reading = pipeline(input, createGunzip(), extract).then(
    () => undefined,
    (error: unknown) => error ?? new Error('the bundle could not be read'),
  );
  let order = 0;
  try {
    for await (const entry of extract) {
      const path = entry.header.name;
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      const keep = path !== 'population.json' && path !== 'population.csv';
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        hash.update(chunk);
        if (keep) chunks.push(chunk);
      }
      order += 1;
      result.filesChecked += 1;
      seen.set(path, { sha256: hash.digest('hex'), order });
      const body = Buffer.concat(chunks);
      const inFolder = STREAM_FOLDER.exec(path);
      if (!inFolder || inFolder[1] !== folder?.name) checkFolder();
      if (inFolder) {
        folder ??= { name: inFolder[1]!, files: new Map() };
        folder.files.set(inFolder[2]!, { body, order });
        continue;
      }
      const text = body.toString('utf8');
      if (path === 'log/verifier-key' && !keys) {
        try {
          keys = [parseVerifierKey(text)];
        } catch (error) {
          fail(order, { file: path, check: 'malformed', detail: errorMessage(error) });
        }
      } else if (path === 'log/checkpoint') {
        try {
          checkpoint = parseCheckpoint(openNote(text, keys ?? []).text);
          result.checkpoint = {
            size: checkpoint.size,
            root: checkpoint.root.toString('base64'),
            ...(checkpoint.time ? { time: checkpoint.time.toISOString() } : {}),
          };
        } catch (error) {
          fail(order, { file: path, check: 'checkpoint_signature', detail: errorMessage(error) });
        }
      } else if (path === 'log/consistency.jsonl') {
        for (const [index, line] of lines(text).entries()) {
          try {
            consistency.push(JSON.parse(line));
          } catch (error) {
            fail(order, {
              file: path,
              line: index + 1,
              check: 'malformed',
              detail: errorMessage(error),
            });
          }
        }
      } else if (path === MANIFEST) manifest = { text, order };
      else if (path === MANIFEST_SIGNATURE) signature = { text, order };
    }
  } catch (error) {
    throw (await reading) ?? error;
  }
  const unread = await reading;
  if (unread) throw unread;
  checkFolder();

  result.trustedCheckpointsChecked = checkTrusted(
    options.trustedCheckpoints ?? [],
    keys ?? [],
    checkpoint,
    consistency,
    (failure) => fail(0, failure),
  );
  checkManifest(manifest, signature, seen, keys ?? [], checkpoint, fail, order);
  result.receipts = judgeReceipts(options.receipts ?? [], keys ?? [], checkpoint, proved);
  for (const verdict of result.receipts)
    if (verdict.failure)
      fail(order + 2, {
        file: verdict.source,
        ...(verdict.eventId ? { eventId: verdict.eventId } : {}),
        check: 'receipt',
        detail: verdict.detail,
      });
  failures.sort((a, b) => a.order - b.order);
  result.failures = failures.map(({ order: _order, ...failure }) => failure);
  result.firstFailure = result.failures[0] ?? null;
  result.valid = failures.length === 0;
  result.format = manifest ? safeFormat(manifest.text) : null;
  return result;
}

/** The line for people: what was verified, or the first failure with its file, line and check. */
export function bundleSummaryLine(result: BundleVerification): string {
  const failure = result.firstFailure;
  if (failure)
    return `✘ ${failure.file}${failure.line ? `:${failure.line}` : ''}: ${failure.check}: ${failure.detail}`;
  const derived =
    result.derivedFiles === 'rederived'
      ? `${result.derivedFilesChecked} derived files re-derived`
      : 'derived files checked against the signed manifest (not re-derived: `ledger verify-bundle` does)';
  const receipts = result.receipts.length
    ? `, ${result.receipts.filter((verdict) => verdict.status === 'included').length}/${result.receipts.length} receipt events included on time`
    : '';
  return `✔ verified ${result.filesChecked} files, ${result.eventsChecked} events, ${result.proofsChecked} inclusion proofs in checkpoint ${result.checkpoint?.size}, ${derived}${receipts}`;
}

/** One stream's folder: its chain, its proofs, and for a change request its derived files. */
function checkStreamFolder(
  { name, files }: Folder,
  checkpoint: Checkpoint | undefined,
  derive: DeriveFiles | undefined,
  proved: ProvedEvents,
  fail: Fail,
): { events: number; proofs: number; derived: number } {
  const counts = { events: 0, proofs: 0, derived: 0 };
  const eventsFile = files.get('events.jsonl');
  const proofsFile = files.get('proofs.jsonl');
  const eventsPath = `${name}/events.jsonl`;
  const proofsPath = `${name}/proofs.jsonl`;
  if (!eventsFile || !proofsFile) {
    const missing = !eventsFile ? eventsPath : proofsPath;
    fail([...files.values()][0]?.order ?? 0, {
      file: missing,
      check: 'missing_file',
      detail: 'not in the bundle',
    });
    return counts;
  }
  const recorded: BundleEvent[] = [];
  let chain: StreamChain | undefined;
  for (const [index, line] of lines(eventsFile.body.toString('utf8')).entries()) {
    const at = { file: eventsPath, line: index + 1 };
    let event: BundleEvent;
    try {
      event = parseEventLine(line);
    } catch (error) {
      fail(eventsFile.order, { ...at, check: 'malformed', detail: errorMessage(error) });
      return counts;
    }
    if (!folderHoldsStream(name, event.streamId)) {
      fail(eventsFile.order, {
        ...at,
        eventId: event.id,
        check: 'malformed',
        detail: `event of stream ${event.streamId} in folder ${name}`,
      });
      return counts;
    }
    chain ??= new StreamChain(event.streamId);
    const broken = chain.next(event);
    if (broken) {
      fail(eventsFile.order, {
        ...at,
        eventId: event.id,
        check: broken === 'content_altered' ? 'event_hash' : 'event_chain',
        detail: `event ${event.id} (revision ${event.revision}): ${broken.replace('_', ' ')}`,
      });
      return counts;
    }
    counts.events += 1;
    recorded.push(event);
  }
  const proofLines = lines(proofsFile.body.toString('utf8'));
  if (proofLines.length !== recorded.length)
    fail(proofsFile.order, {
      file: proofsPath,
      check: 'inclusion_proof',
      detail: `${proofLines.length} proofs for ${recorded.length} events`,
    });
  const leafIndexes = new Map<string, number>();
  for (const [index, line] of proofLines.entries()) {
    const event = recorded[index];
    const at = { file: proofsPath, line: index + 1, eventId: event?.id };
    let proof: InclusionProofLine;
    try {
      proof = JSON.parse(line);
    } catch (error) {
      fail(proofsFile.order, { ...at, check: 'malformed', detail: errorMessage(error) });
      return counts;
    }
    if (!event || !checkpoint) break;
    const included =
      proof.event_id === event.id &&
      proof.tree_size === checkpoint.size &&
      Array.isArray(proof.proof) &&
      verifyInclusion(
        proof.leaf_index,
        proof.tree_size,
        eventLeafHash(event.integrity.hash),
        proof.proof.map((hash) => Buffer.from(String(hash), 'base64')),
        checkpoint.root,
      );
    if (!included) {
      fail(proofsFile.order, {
        ...at,
        check: 'inclusion_proof',
        detail: `event ${event.id} is not proved to be leaf ${proof.leaf_index} of checkpoint ${checkpoint.size}`,
      });
      return counts;
    }
    leafIndexes.set(event.id, proof.leaf_index);
    proved.set(event.id, {
      hash: event.integrity.hash,
      leafIndex: proof.leaf_index,
      file: eventsPath,
    });
    counts.proofs += 1;
  }
  if (!name.startsWith('changes/')) {
    derive?.(name, recorded, leafIndexes);
    return counts;
  }
  const expected = derive?.(name, recorded, leafIndexes);
  for (const file of CHANGE_FILES) {
    if (file === 'events.jsonl' || file === 'proofs.jsonl') continue;
    const found = files.get(file);
    const text = expected?.get(file);
    if (!found)
      fail(eventsFile.order, {
        file: `${name}/${file}`,
        check: 'missing_file',
        detail: 'not in the bundle',
      });
    else if (text === undefined) continue;
    else if (!found.body.equals(Buffer.from(text, 'utf8')))
      fail(found.order, {
        file: `${name}/${file}`,
        check: 'derived_file',
        detail: 'is not what events.jsonl folds to',
      });
    else counts.derived += 1;
  }
  return counts;
}

function checkTrusted(
  trusted: ReadonlyArray<{ source: string; note: string }>,
  keys: readonly NoteVerifier[],
  checkpoint: Checkpoint | undefined,
  consistency: readonly ConsistencyProofLine[],
  fail: (failure: BundleFailure) => void,
): number {
  let checked = 0;
  for (const { source, note } of trusted) {
    let kept: Checkpoint;
    try {
      kept = parseCheckpoint(openNote(note, keys).text);
    } catch (error) {
      fail({ file: source, check: 'trusted_checkpoint', detail: errorMessage(error) });
      continue;
    }
    if (!checkpoint) continue;
    const consistent =
      kept.size === checkpoint.size
        ? kept.root.equals(checkpoint.root)
        : kept.size < checkpoint.size &&
          consistency.some(
            (line) =>
              line.from === kept.size &&
              line.to === checkpoint.size &&
              Array.isArray(line.proof) &&
              verifyConsistency(
                kept.size,
                checkpoint.size,
                kept.root,
                checkpoint.root,
                line.proof.map((hash) => Buffer.from(String(hash), 'base64')),
              ),
          );
    if (!consistent)
      fail({
        file: source,
        check: 'trusted_checkpoint',
        detail:
          kept.size > checkpoint.size
            ? `the kept checkpoint (${kept.size}) is newer than the bundle's (${checkpoint.size}): ask for a bundle made against it`
            : `the bundle's checkpoint (${checkpoint.size}) is not proved to extend the kept one (${kept.size})`,
      });
    else checked += 1;
  }
  return checked;
}

function checkManifest(
  manifest: { text: string; order: number } | undefined,
  signature: { text: string; order: number } | undefined,
  seen: Map<string, { sha256: string; order: number }>,
  keys: readonly NoteVerifier[],
  checkpoint: Checkpoint | undefined,
  fail: Fail,
  lastOrder: number,
): void {
  if (!manifest || !signature) {
    fail(lastOrder + 1, {
      file: manifest ? MANIFEST_SIGNATURE : MANIFEST,
      check: 'missing_file',
      detail: 'not in the bundle',
    });
    return;
  }
  const sha = createHash('sha256').update(manifest.text, 'utf8').digest('hex');
  try {
    if (openNote(signature.text, keys).text !== manifestNoteText(sha))
      fail(manifest.order, {
        file: MANIFEST,
        check: 'manifest_signature',
        detail: 'the signed note names another manifest',
      });
  } catch (error) {
    fail(signature.order, {
      file: MANIFEST_SIGNATURE,
      check: 'manifest_signature',
      detail: errorMessage(error),
    });
  }
  let parsed: Manifest;
  try {
    parsed = JSON.parse(manifest.text) as Manifest;
  } catch (error) {
    fail(manifest.order, { file: MANIFEST, check: 'malformed', detail: errorMessage(error) });
    return;
  }
  if (
    checkpoint &&
    (parsed.checkpoint?.size !== checkpoint.size ||
      parsed.checkpoint?.root !== checkpoint.root.toString('base64'))
  )
    fail(manifest.order, {
      file: MANIFEST,
      check: 'manifest',
      detail: 'names another checkpoint than log/checkpoint',
    });
  const listed = new Set<string>();
  for (const entry of Array.isArray(parsed.files) ? parsed.files : []) {
    listed.add(entry.path);
    const found = seen.get(entry.path);
    if (!found)
      fail(lastOrder + 1, {
        file: entry.path,
        check: 'missing_file',
        detail: 'listed in the manifest, not in the bundle',
      });
    else if (found.sha256 !== entry.sha256)
      fail(found.order + 0.5, {
        file: entry.path,
        check: 'file_hash',
        detail: `SHA-256 ${found.sha256}, the manifest says ${entry.sha256}`,
      });
  }
  for (const [path, { order }] of seen)
    if (!listed.has(path) && path !== MANIFEST && path !== MANIFEST_SIGNATURE)
      fail(order, { file: path, check: 'unlisted_file', detail: 'not in the manifest' });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function safeFormat(text: string): string | null {
  try {
    return (JSON.parse(text) as { format?: string }).format ?? null;
  } catch (error) {
    console.error(`manifest.json is not JSON: ${errorMessage(error)}`);
    return null;
  }
}
