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
  });
  if (canonical === undefined) throw new TypeError('event content has no canonical JSON form');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** An event ready to store: its revision, recorded time and chain links fixed. */
export interface SealedEvent extends HashedContent {
  hash: string;
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
    const metadata: RecordedMetadata = {
      ...event.metadata,
      causationId: event.metadata.causationId ?? null,
      schemaVersion: event.metadata.schemaVersion ?? 1,
      recordedAt: recordedAtText,
    };
    const content: HashedContent = {
      streamId,
      revision,
      id: event.id,
      type: event.type,
      data: event.data,
      metadata,
      prevHash,
    };
    const hash = hashEvent(content);
    prevHash = hash;
    revision += 1;
    return { ...content, hash };
  });
}
