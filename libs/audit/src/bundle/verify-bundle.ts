import { createHash } from 'node:crypto';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { POLICY_VERSIONS_STREAM } from '@change-ledger/change-requests';
import {
  AUDIT_SAMPLE_STREAM_PREFIX,
  changeRequestStream,
  CI_EVENT_STREAM_PREFIX,
  type Policy,
  POLICY_EXCEPTIONS_STREAM,
} from '@change-ledger/domain';
import { parsePosition, type RecordedEvent, StreamChainVerifier } from '@change-ledger/event-store';
import {
  type Checkpoint,
  eventLeafHash,
  type NoteVerifier,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '@change-ledger/integrity';
import { extract as tarExtract } from 'tar-stream';
import {
  type InclusionProofLine,
  MANIFEST,
  MANIFEST_SIGNATURE,
  type Manifest,
  manifestNoteText,
} from './bundle-format';
import { changeEvidenceFiles } from './change-evidence';
import { policiesFromEvents } from './policy-versions';

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
    | 'malformed';
  detail: string;
}

export interface BundleVerification {
  valid: boolean;
  format: string | null;
  checkpoint: { size: number; root: string } | null;
  /** Whose keys the signatures were checked with: the auditor's, or (weaker) the bundle's own. */
  keys: 'given' | 'bundle';
  filesChecked: number;
  eventsChecked: number;
  proofsChecked: number;
  derivedFilesChecked: number;
  trustedCheckpointsChecked: number;
  firstFailure: BundleFailure | null;
  failures: BundleFailure[];
}

export interface VerifyBundleOptions {
  /** The log's verifier keys, obtained out of band. Without them, the bundle's own is used. */
  verifierKeys?: readonly NoteVerifier[];
  /** Checkpoints the auditor kept: the bundle's must be (consistent with) each. */
  trustedCheckpoints?: ReadonlyArray<{ source: string; note: string }>;
}

type Failure = BundleFailure & { order: number };

/** Folders whose files are checked together once the next folder begins (files are grouped). */
const STREAM_FOLDER = /^(policy|exceptions|sample|changes\/[^/]+|unauthorized\/[^/]+)\/([^/]+)$/;

/**
 * `ledger verify-bundle`: checks an evidence bundle with no database and no network, in one
 * streaming pass (memory flat in the bundle's size but for one folder at a time): the manifest's
 * signature and every file's SHA-256, every event's hash and chain, every inclusion proof against
 * the checkpoint, the checkpoint's signature (and the auditor's own checkpoints), and that every
 * derived file is what the events fold to. Every check is libs/integrity's or libs/event-store's.
 */
export async function verifyBundle(
  input: Readable,
  options: VerifyBundleOptions = {},
): Promise<BundleVerification> {
  const failures: Failure[] = [];
  const fail = (order: number, failure: BundleFailure) => failures.push({ ...failure, order });
  const seen = new Map<string, { sha256: string; order: number }>();
  const result: BundleVerification = {
    valid: false,
    format: null,
    checkpoint: null,
    keys: options.verifierKeys?.length ? 'given' : 'bundle',
    filesChecked: 0,
    eventsChecked: 0,
    proofsChecked: 0,
    derivedFilesChecked: 0,
    trustedCheckpointsChecked: 0,
    firstFailure: null,
    failures: [],
  };
  let keys = options.verifierKeys?.length ? [...options.verifierKeys] : undefined;
  let checkpoint: Checkpoint | undefined;
  let policies = new Map<string, Policy>();
  const consistency: Array<{ from: number; to: number; proof: string[] }> = [];
  let manifest: { text: string; order: number } | undefined;
  let signature: { text: string; order: number } | undefined;
  let folder: { name: string; files: Map<string, { body: Buffer; order: number }> } | undefined;

  const checkFolder = () => {
    if (!folder) return;
    const checked = checkStreamFolder(folder.name, folder.files, checkpoint, policies, fail);
    result.eventsChecked += checked.events;
    result.proofsChecked += checked.proofs;
    result.derivedFilesChecked += checked.derived;
    if (folder.name === 'policy') policies = policiesFromEvents(checked.recorded);
    folder = undefined;
  };

  const extract = tarExtract();
  const reading = pipeline(input, createGunzip(), extract);
  let order = 0;
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
        fail(order, { file: path, check: 'malformed', detail: message(error) });
      }
    } else if (path === 'log/checkpoint') {
      try {
        checkpoint = parseCheckpoint(openNote(text, keys ?? []).text);
        result.checkpoint = { size: checkpoint.size, root: checkpoint.root.toString('base64') };
      } catch (error) {
        fail(order, { file: path, check: 'checkpoint_signature', detail: message(error) });
      }
    } else if (path === 'log/consistency.jsonl') {
      for (const [index, line] of lines(text).entries()) {
        try {
          consistency.push(JSON.parse(line));
        } catch (error) {
          fail(order, { file: path, line: index + 1, check: 'malformed', detail: message(error) });
        }
      }
    } else if (path === MANIFEST) manifest = { text, order };
    else if (path === MANIFEST_SIGNATURE) signature = { text, order };
  }
  checkFolder();
  await reading;

  result.trustedCheckpointsChecked = checkTrusted(
    options.trustedCheckpoints ?? [],
    keys ?? [],
    checkpoint,
    consistency,
    (failure) => fail(0, failure),
  );
  checkManifest(manifest, signature, seen, keys ?? [], checkpoint, fail, order);
  failures.sort((a, b) => a.order - b.order);
  result.failures = failures.map(({ order: _order, ...failure }) => failure);
  result.firstFailure = result.failures[0] ?? null;
  result.valid = failures.length === 0;
  result.format = manifest ? safeFormat(manifest.text) : null;
  return result;
}

/** One stream's folder: its chain, its proofs, and for a change request its derived files. */
function checkStreamFolder(
  name: string,
  files: Map<string, { body: Buffer; order: number }>,
  checkpoint: Checkpoint | undefined,
  policies: Map<string, Policy>,
  fail: (order: number, failure: BundleFailure) => void,
): { events: number; proofs: number; derived: number; recorded: RecordedEvent[] } {
  const counts = { events: 0, proofs: 0, derived: 0, recorded: [] as RecordedEvent[] };
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
  const expectedStream = expectedStreamOf(name);
  let chain: StreamChainVerifier | undefined;
  for (const [index, line] of lines(eventsFile.body.toString('utf8')).entries()) {
    const at = { file: eventsPath, line: index + 1 };
    let event: RecordedEvent;
    try {
      event = toRecordedEvent(JSON.parse(line));
    } catch (error) {
      fail(eventsFile.order, { ...at, check: 'malformed', detail: message(error) });
      return counts;
    }
    if (!expectedStream(event.streamId)) {
      fail(eventsFile.order, {
        ...at,
        eventId: event.id,
        check: 'malformed',
        detail: `event of stream ${event.streamId} in folder ${name}`,
      });
      return counts;
    }
    chain ??= new StreamChainVerifier(event.streamId);
    const broken = chain.next(event);
    if (broken && !broken.valid) {
      const reason = broken.firstInvalid.reason;
      fail(eventsFile.order, {
        ...at,
        eventId: event.id,
        check: reason === 'content_altered' ? 'event_hash' : 'event_chain',
        detail: `event ${event.id} (revision ${event.revision}): ${reason.replace('_', ' ')}`,
      });
      return counts;
    }
    counts.events += 1;
    counts.recorded.push(event);
  }
  const proofLines = lines(proofsFile.body.toString('utf8'));
  if (proofLines.length !== counts.recorded.length)
    fail(proofsFile.order, {
      file: proofsPath,
      check: 'inclusion_proof',
      detail: `${proofLines.length} proofs for ${counts.recorded.length} events`,
    });
  const leafIndexes = new Map<string, number>();
  for (const [index, line] of proofLines.entries()) {
    const event = counts.recorded[index];
    const at = { file: proofsPath, line: index + 1, eventId: event?.id };
    let proof: InclusionProofLine;
    try {
      proof = JSON.parse(line);
    } catch (error) {
      fail(proofsFile.order, { ...at, check: 'malformed', detail: message(error) });
      return counts;
    }
    if (!event || !checkpoint) break;
    const leaf = eventLeafHash(event.integrity.hash);
    const included =
      proof.event_id === event.id &&
      proof.tree_size === checkpoint.size &&
      Array.isArray(proof.proof) &&
      verifyInclusion(
        proof.leaf_index,
        proof.tree_size,
        leaf,
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
    counts.proofs += 1;
  }
  if (name.startsWith('changes/')) {
    const id = name.slice('changes/'.length);
    const derived = changeEvidenceFiles(id, counts.recorded, leafIndexes, (version) =>
      policies.get(version),
    );
    for (const [file, expected] of derived) {
      const found = files.get(file);
      if (!found) {
        fail(eventsFile.order, {
          file: `${name}/${file}`,
          check: 'missing_file',
          detail: 'not in the bundle',
        });
      } else if (!found.body.equals(Buffer.from(expected, 'utf8'))) {
        fail(found.order, {
          file: `${name}/${file}`,
          check: 'derived_file',
          detail: 'is not what events.jsonl folds to',
        });
      } else counts.derived += 1;
    }
  }
  return counts;
}

function expectedStreamOf(folder: string): (streamId: string) => boolean {
  if (folder === 'policy') return (streamId) => streamId === POLICY_VERSIONS_STREAM;
  if (folder === 'exceptions') return (streamId) => streamId === POLICY_EXCEPTIONS_STREAM;
  if (folder === 'sample') return (streamId) => streamId.startsWith(AUDIT_SAMPLE_STREAM_PREFIX);
  if (folder.startsWith('changes/'))
    return (streamId) => streamId === changeRequestStream(folder.slice('changes/'.length));
  const streamId = folder.slice('unauthorized/'.length);
  return (candidate) => candidate === streamId && streamId.startsWith(CI_EVENT_STREAM_PREFIX);
}

function checkTrusted(
  trusted: ReadonlyArray<{ source: string; note: string }>,
  keys: readonly NoteVerifier[],
  checkpoint: Checkpoint | undefined,
  consistency: ReadonlyArray<{ from: number; to: number; proof: string[] }>,
  fail: (failure: BundleFailure) => void,
): number {
  let checked = 0;
  for (const { source, note } of trusted) {
    let kept: Checkpoint;
    try {
      kept = parseCheckpoint(openNote(note, keys).text);
    } catch (error) {
      fail({ file: source, check: 'trusted_checkpoint', detail: message(error) });
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
              verifyConsistency(
                kept.size,
                checkpoint.size,
                kept.root,
                checkpoint.root,
                line.proof.map((hash) => Buffer.from(hash, 'base64')),
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
  fail: (order: number, failure: BundleFailure) => void,
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
      detail: message(error),
    });
  }
  let parsed: Manifest;
  try {
    parsed = JSON.parse(manifest.text) as Manifest;
  } catch (error) {
    fail(manifest.order, { file: MANIFEST, check: 'malformed', detail: message(error) });
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
  for (const entry of parsed.files ?? []) {
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

function toRecordedEvent(line: Record<string, unknown>): RecordedEvent {
  const position = parsePosition(String(line.position));
  return { ...(line as Omit<RecordedEvent, 'position'>), position } as RecordedEvent;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function safeFormat(text: string): string | null {
  try {
    return (JSON.parse(text) as { format?: string }).format ?? null;
  } catch (error) {
    console.error(`manifest.json is not JSON: ${message(error)}`);
    return null;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
