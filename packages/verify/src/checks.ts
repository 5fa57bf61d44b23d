import { type Checkpoint, parseCheckpoint } from './checkpoint';
import { cosignersOf, type WitnessedBy } from './cosignature';
import { eventHash, parseEventLine } from './event-chain';
import { eventLeafHash, HASH_SIZE, verifyConsistency, verifyInclusion } from './merkle';
import { openReceipt, type Receipt } from './receipt';
import { decodeBase64, type NoteVerifier, openNote } from './signed-note';
import { errorMessage } from './verify-error';

/**
 * The checks of one thing an auditor holds apart from a bundle: a checkpoint (with the witnesses'
 * cosignatures), an RFC 9162 inclusion or consistency proof as the ledger's API answers it, a
 * write's receipt. Each answers `valid` and, when not, the reason.
 */
export interface Check {
  valid: boolean;
  failure: string | null;
}

export interface CheckpointCheck extends Check {
  origin: string | null;
  size: number | null;
  root: string | null;
  /** The log's own claim of when it signed (its `time` line). */
  time: string | null;
  signedBy: string[];
  /** The trusted witnesses whose cosignature/v1 verifies, with their own (trusted) times. */
  cosignedBy: WitnessedBy[];
  quorum: number;
}

export interface CheckpointCheckOptions {
  verifierKeys: readonly NoteVerifier[];
  /** Witnesses' cosignature/v1 keys (type 0x04). */
  witnessKeys?: readonly NoteVerifier[];
  /** How many distinct trusted witnesses must have cosigned (default 1 with witness keys, else 0). */
  quorum?: number;
}

/**
 * A checkpoint note as the API serves it (GET /api/v1/ledger/checkpoint: the log's signature,
 * then each witness's cosignature line): the log's signature, the C2SP form, and the quorum of
 * trusted witnesses (ADR 0018).
 */
export function checkCheckpoint(note: string, options: CheckpointCheckOptions): CheckpointCheck {
  const witnessKeys = options.witnessKeys ?? [];
  const quorum = options.quorum ?? (witnessKeys.length > 0 ? 1 : 0);
  const answer: CheckpointCheck = {
    valid: false,
    failure: null,
    origin: null,
    size: null,
    root: null,
    time: null,
    signedBy: [],
    cosignedBy: [],
    quorum,
  };
  try {
    const opened = openNote(note, options.verifierKeys);
    const checkpoint = parseCheckpoint(opened.text);
    Object.assign(answer, {
      origin: checkpoint.origin,
      size: checkpoint.size,
      root: checkpoint.root.toString('base64'),
      time: checkpoint.time?.toISOString() ?? null,
      signedBy: opened.verifiedBy,
    });
    answer.cosignedBy = cosignersOf(note, witnessKeys);
  } catch (error) {
    return { ...answer, failure: errorMessage(error) };
  }
  if (answer.cosignedBy.length < quorum)
    return {
      ...answer,
      failure: `cosigned by ${answer.cosignedBy.length} of the trusted witnesses, ${quorum} required`,
    };
  return { ...answer, valid: true };
}

/** A checkpoint whose log signature verifies, or the reason it does not. */
export function openCheckpoint(note: string, verifierKeys: readonly NoteVerifier[]): Checkpoint {
  return parseCheckpoint(openNote(note, verifierKeys).text);
}

export interface InclusionCheck extends Check {
  eventId: string | null;
  leafIndex: number | null;
  treeSize: number | null;
}

/**
 * GET /api/v1/ledger/proofs/inclusion's answer `{event_id, leaf_index, tree_size, leaf_hash,
 * proof[]}` against a checkpoint: the proof leads from the leaf to its root. The leaf is the one
 * of the event given (an events.jsonl line, its hash recomputed, or its chain hash), else the
 * answer's own `leaf_hash` — which proves that some leaf is there, not which event it is.
 */
export function checkInclusion(
  checkpoint: Checkpoint,
  answer: unknown,
  event?: { line: string } | { hash: string },
): InclusionCheck {
  const result: InclusionCheck = {
    valid: false,
    failure: null,
    eventId: null,
    leafIndex: null,
    treeSize: null,
  };
  const bad = (failure: string) => ({ ...result, failure });
  if (!isRecord(answer)) return bad('the proof is not a JSON object');
  const { event_id: eventId, leaf_index: leafIndex, tree_size: treeSize, leaf_hash } = answer;
  if (typeof eventId !== 'string') return bad('event_id is not a string');
  if (!Number.isSafeInteger(leafIndex)) return bad('leaf_index is not a whole number');
  if (!Number.isSafeInteger(treeSize)) return bad('tree_size is not a whole number');
  Object.assign(result, { eventId, leafIndex, treeSize });
  const proof = decodeBase64Proof(answer.proof);
  if (!proof) return bad('proof is not a list of base64 SHA-256 hashes');
  if (treeSize !== checkpoint.size)
    return bad(`the proof is for a tree of ${treeSize}, the checkpoint's has ${checkpoint.size}`);
  let leaf: Buffer;
  try {
    leaf = leafOf(eventId, leaf_hash, event);
  } catch (error) {
    return bad(errorMessage(error));
  }
  if (!verifyInclusion(leafIndex as number, treeSize, leaf, proof, checkpoint.root))
    return bad(
      `event ${eventId} is not proved to be leaf ${leafIndex} of checkpoint ${checkpoint.size}`,
    );
  return { ...result, valid: true };
}

function leafOf(
  eventId: string,
  answered: unknown,
  event: { line: string } | { hash: string } | undefined,
): Buffer {
  if (!event) {
    const leaf = Buffer.from(String(answered), 'base64');
    if (leaf.length !== HASH_SIZE) throw new Error('leaf_hash is not a base64 SHA-256 hash');
    return leaf;
  }
  let hash: string;
  if ('line' in event) {
    const parsed = parseEventLine(event.line);
    if (parsed.id !== eventId) throw new Error(`the event is ${parsed.id}, the proof ${eventId}'s`);
    hash = eventHash(parsed);
    if (hash !== parsed.integrity.hash)
      throw new Error(`event ${parsed.id}: its content does not hash to its integrity.hash`);
  } else hash = event.hash;
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('the event hash is not 64 hex digits');
  return eventLeafHash(hash);
}

export interface ConsistencyCheck extends Check {
  from: number | null;
  to: number | null;
}

/**
 * GET /api/v1/ledger/proofs/consistency's answer `{from, to, proof[]}`: the newer checkpoint's
 * tree extends the older one's (RFC 9162 §2.1.4.2), so nothing the older one covered was altered.
 */
export function checkConsistency(
  older: Checkpoint,
  newer: Checkpoint,
  answer: unknown,
): ConsistencyCheck {
  const result: ConsistencyCheck = { valid: false, failure: null, from: null, to: null };
  const bad = (failure: string) => ({ ...result, failure });
  if (!isRecord(answer)) return bad('the proof is not a JSON object');
  const proof = decodeBase64Proof(answer.proof);
  if (!proof) return bad('proof is not a list of base64 SHA-256 hashes');
  if (answer.from !== older.size || answer.to !== newer.size)
    return bad(
      `the proof is from ${String(answer.from)} to ${String(answer.to)}, the checkpoints are ${older.size} and ${newer.size}`,
    );
  Object.assign(result, { from: older.size, to: newer.size });
  if (older.origin !== newer.origin)
    return bad(`the checkpoints are of two logs: ${older.origin} and ${newer.origin}`);
  if (!verifyConsistency(older.size, newer.size, older.root, newer.root, proof))
    return bad(
      `checkpoint ${newer.size} is not proved to extend checkpoint ${older.size}: the log was rewritten or forked`,
    );
  return { ...result, valid: true };
}

export interface ReceiptCheck extends Check {
  origin: string | null;
  includeBy: string | null;
  events: { id: string; hash: string; recordedAt: string }[];
}

/**
 * A receipt alone (ADR 0019): the log's key signed it, as its origin, in the receipt's exact form.
 * That the promise was kept needs the log's later checkpoints: a bundle (`verifyBundle`'s
 * `receipts`) or `ledger verify --receipts`.
 */
export function checkReceipt(note: string, verifierKeys: readonly NoteVerifier[]): ReceiptCheck {
  let receipt: Receipt;
  try {
    receipt = openReceipt(note, verifierKeys);
  } catch (error) {
    return {
      valid: false,
      failure: errorMessage(error),
      origin: null,
      includeBy: null,
      events: [],
    };
  }
  return {
    valid: true,
    failure: null,
    origin: receipt.origin,
    includeBy: receipt.includeBy.toISOString(),
    events: receipt.events.map((event) => ({
      id: event.id,
      hash: event.hash,
      recordedAt: event.recordedAt.toISOString(),
    })),
  };
}

/** A proof's hashes as the API writes them: base64, 32 bytes each; undefined if not that. */
function decodeBase64Proof(value: unknown): Buffer[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const hashes = value.map((hash) => (typeof hash === 'string' ? decodeBase64(hash) : undefined));
  return hashes.every((hash) => hash?.length === HASH_SIZE) ? (hashes as Buffer[]) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
