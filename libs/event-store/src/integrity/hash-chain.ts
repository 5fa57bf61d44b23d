import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type JsonObject, type NewEvent, type RecordedMetadata } from '../event-envelope';

/**
 * The per-stream hash chain (DESIGN.md, invariant 6). Each event's hash is the SHA-256 of the
 * RFC 8785 (JCS) canonical JSON of its content, its metadata, its place in the stream and the
 * previous event's hash, so changing, removing or reordering any stored event breaks the chain
 * from that event on. The first event of a stream links to `GENESIS_HASH`.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: JsonObject;
  metadata: RecordedMetadata;
  prevHash: string;
  /** The store's time, where the store hashes one (EventIntegrity.recordedAt). */
  recordedAt?: string;
}

export function hashEvent(content: HashedContent): string {
  const canonical = canonicalize({
    streamId: content.streamId,
    revision: content.revision,
    id: content.id,
    type: content.type,
    data: content.data,
    metadata: content.metadata,
    prevHash: content.prevHash,
    ...(content.recordedAt === undefined ? {} : { recordedAt: content.recordedAt }),
  });
  if (canonical === undefined) throw new TypeError('event content has no canonical JSON form');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** An event ready to store: its revision, recorded time and chain links fixed. */
export interface SealedEvent extends HashedContent {
  hash: string;
}

/**
 * An event's canonical form with a hole for the values only the store decides at the stream's
 * head: the previous hash, the store's time and the revision. RFC 8785 sorts keys, so they sit
 * side by side in the middle: `{"data":…,"id":…,"metadata":…,"prevHash":"` + prevHash +
 * `","recordedAt":"` + time + `","revision":` + revision + `,"streamId":…,"type":…}`.
 * The PostgreSQL store fills the hole under the stream's lock with the database's clock and
 * hashes there (ledger.append_events), so an append needs no read of the head before it and no
 * client chooses the time; `hashEvent` stays the independent definition that verification uses,
 * and a spec holds the two to the same bytes.
 */
export interface CanonicalTemplate {
  head: string;
  tail: string;
}

/** What goes between the previous hash and the revision in the canonical form. */
export const REVISION_JOINT = '","revision":';

export function canonicalTemplate(
  content: Omit<HashedContent, 'prevHash' | 'revision'>,
): CanonicalTemplate {
  const data = canonicalize(content.data);
  const metadata = canonicalize(content.metadata);
  if (data === undefined || metadata === undefined) {
    throw new TypeError('event content has no canonical JSON form');
  }
  // RFC 8785 serialises strings exactly as ECMAScript's JSON.stringify does.
  return {
    head: `{"data":${data},"id":${JSON.stringify(content.id)},"metadata":${metadata},"prevHash":"`,
    tail: `,"streamId":${JSON.stringify(content.streamId)},"type":${JSON.stringify(content.type)}}`,
  };
}

export function fillTemplate(
  template: CanonicalTemplate,
  prevHash: string,
  revision: number,
  recordedAt?: string,
) {
  const time = recordedAt === undefined ? '' : `","recordedAt":"${recordedAt}`;
  return `${template.head}${prevHash}${time}${REVISION_JOINT}${revision}${template.tail}`;
}

/** The metadata as stored: explicit defaults and the store's `recordedAt`. */
export function recordedMetadata(event: NewEvent, recordedAt: string): RecordedMetadata {
  return {
    ...event.metadata,
    causationId: event.metadata.causationId ?? null,
    schemaVersion: event.metadata.schemaVersion ?? 1,
    recordedAt,
  };
}

/**
 * Chains validated events onto a stream whose last event has `previous` revision and hash
 * (`undefined` for a new stream), stamping each with `recordedAt`.
 */
export function sealEvents(
  streamId: string,
  events: readonly NewEvent[],
  previous: { revision: number; hash: string } | undefined,
  recordedAt: Date,
): SealedEvent[] {
  let prevHash = previous?.hash ?? GENESIS_HASH;
  let revision = previous ? previous.revision + 1 : 0;
  const recordedAtText = recordedAt.toISOString();
  return events.map((event) => {
    const content: HashedContent = {
      streamId,
      revision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: recordedMetadata(event, recordedAtText),
      prevHash,
    };
    const hash = hashEvent(content);
    prevHash = hash;
    revision += 1;
    return { ...content, hash };
  });
}
