import { createHash } from 'node:crypto';

/**
 * The per-stream hash chain the ledger stores (its DESIGN, invariant 6): each event's hash is
 * SHA-256 (hex) of the RFC 8785 (JCS) canonical JSON of
 * `{streamId, revision, id, type, data, metadata, prevHash[, recordedAt]}`, `prevHash` the previous
 * event's hash (64 zeros for revision 0), `recordedAt` the store's own time where it states one.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON as JSON.parse gives it: what an event line holds. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * RFC 8785 for values JSON.parse produced: keys sorted by UTF-16 code units (what
 * Array.prototype.sort does), strings and numbers as ECMAScript's JSON.stringify writes them
 * (RFC 8785 §3.2.2 adopts exactly that serialisation). A number JSON.parse made infinite (1e400)
 * has no canonical form. Written here because it is twenty lines and the package depends on
 * nothing but a tar reader; a spec holds it to the `canonicalize` package the ledger hashes with.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new TypeError('a number without a canonical JSON form');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
  return `{${members.join(',')}}`;
}

/** One line of an events.jsonl: an event exactly as the ledger stored it. */
export interface BundleEvent {
  id: string;
  streamId: string;
  revision: number;
  /** The store's global position, `<commit>/<prepare>`. */
  position: string;
  type: string;
  data: { [key: string]: JsonValue };
  metadata: { [key: string]: JsonValue };
  integrity: { prevHash: string; hash: string; recordedAt?: string };
}

export function eventHash(event: Omit<BundleEvent, 'position'>): string {
  const content: { [key: string]: JsonValue } = {
    streamId: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    prevHash: event.integrity.prevHash,
  };
  if (event.integrity.recordedAt !== undefined) content.recordedAt = event.integrity.recordedAt;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

const isObject = (value: unknown): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads one events.jsonl line; throws naming the field when it is not an event's shape. */
export function parseEventLine(line: string): BundleEvent {
  const value: unknown = JSON.parse(line);
  const bad = (field: string, reason: string) => new TypeError(`${field} ${reason}`);
  if (!isObject(value)) throw bad('the line', 'is not a JSON object');
  for (const field of ['id', 'streamId', 'type'] as const)
    if (typeof value[field] !== 'string') throw bad(field, 'is not a string');
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0)
    throw bad('revision', 'is not a whole number');
  if (typeof value.position !== 'string' || !/^\d{1,20}\/\d{1,20}$/.test(value.position))
    throw bad('position', 'is not <commit>/<prepare>');
  if (!isObject(value.data)) throw bad('data', 'is not an object');
  if (!isObject(value.metadata)) throw bad('metadata', 'is not an object');
  const integrity = value.integrity;
  if (!isObject(integrity)) throw bad('integrity', 'is not an object');
  if (typeof integrity.prevHash !== 'string' || typeof integrity.hash !== 'string')
    throw bad('integrity', 'has no prevHash and hash');
  if (integrity.recordedAt !== undefined && typeof integrity.recordedAt !== 'string')
    throw bad('integrity.recordedAt', 'is not a string');
  const { recordedAt } = integrity;
  return {
    id: value.id as string,
    streamId: value.streamId as string,
    revision: value.revision as number,
    position: value.position,
    type: value.type as string,
    data: value.data,
    metadata: value.metadata,
    integrity: {
      prevHash: integrity.prevHash,
      hash: integrity.hash,
      ...(recordedAt === undefined ? {} : { recordedAt }),
    },
  };
}

export type ChainFailure = 'revision_gap' | 'chain_broken' | 'content_altered';

/**
 * Checks a stream event by event from revision 0: each revision the next, each `prevHash` the
 * previous event's hash, each hash recomputed from the content. Answers the first failure.
 */
export class StreamChain {
  private expectedPrevHash = GENESIS_HASH;
  private checked = 0;

  constructor(readonly streamId: string) {}

  next(event: BundleEvent): ChainFailure | undefined {
    if (event.revision !== this.checked) return 'revision_gap';
    if (event.integrity.prevHash !== this.expectedPrevHash) return 'chain_broken';
    // Hashed as an event of this stream: a line from another stream cannot pass for one of it.
    if (eventHash({ ...event, streamId: this.streamId }) !== event.integrity.hash)
      return 'content_altered';
    this.expectedPrevHash = event.integrity.hash;
    this.checked += 1;
    return undefined;
  }
}
