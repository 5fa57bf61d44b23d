import { createHash } from 'node:crypto';
import { CI_EVENT_STREAM_PREFIX, type CiFact } from '@change-ledger/domain';
import canonicalize from 'canonicalize';

/** The stream of one (source, id): a hash, since both are free text. */
export function ciEventStream(fact: Pick<CiFact, 'source' | 'id'>): string {
  return `${CI_EVENT_STREAM_PREFIX}${sha256(`${fact.source}\u0000${fact.id}`).slice(0, 40)}`;
}

/**
 * SHA-256 of the fact's canonical JSON: what the source said, nothing the ledger added — so not
 * its `unread` list, the ledger's note on its reading (the raw message, kept beside, has it all).
 */
export function contentHashOf(fact: CiFact): string {
  if (fact.unread === undefined) return sha256(canonicalize(fact)!);
  const { unread: _note, ...said } = fact;
  return sha256(canonicalize(said)!);
}

/**
 * How close to the first delivery a delivery that differs only in its time is still its retry:
 * received within this of the first, and stamped within this of the first's time. A CI job's retry
 * (`ledger emit` run again, a job re-run) comes within minutes; the same id sent later is a
 * pipeline run of its own — a deployment days later in a blackout — and must be seen as the
 * conflict it is, never dropped as a duplicate with no deployment recorded (ADR 0025).
 */
export const RETRY_WINDOW_MS = 15 * 60_000;

/**
 * Whether a delivery is the first one's fact again: the same content — or, within
 * `RETRY_WINDOW_MS`, the same content stamped with another time, as a retried CI job sends it
 * (`ledger emit` stamps each run; for CloudEvents, source + id is the event's identity). The
 * time is left out of the comparison then, nothing else is; the first delivery's time stays the
 * fact's.
 */
export function isRedelivery(
  first: { fact: CiFact; contentHash: string; receivedAt: string },
  fact: CiFact,
  contentHash: string,
  receivedAt: Date,
): boolean {
  if (first.contentHash === contentHash) return true;
  if (first.fact.occurredAt === fact.occurredAt) return false;
  const retriedSoon =
    Math.abs(receivedAt.getTime() - Date.parse(first.receivedAt)) <= RETRY_WINDOW_MS &&
    Math.abs(Date.parse(fact.occurredAt) - Date.parse(first.fact.occurredAt)) <= RETRY_WINDOW_MS;
  if (!retriedSoon) return false;
  // The time is all a retry may change: both the instant and the text it was written as.
  const retimed: CiFact = { ...fact, occurredAt: first.fact.occurredAt };
  if (first.fact.occurredAtReported === undefined) delete retimed.occurredAtReported;
  else retimed.occurredAtReported = first.fact.occurredAtReported;
  return contentHashOf(retimed) === first.contentHash;
}

/** Where a fact's receipt goes, and the hash that tells a redelivery from a conflict. */
export interface CiFactIdentity {
  streamId: string;
  contentHash: string;
}

const identities = new WeakMap<CiFact, CiFactIdentity>();

/**
 * A fact's stream and content hash, worked out once per fact object. The ingestor asks for them
 * while it decodes the next chunk, as the chunk before waits on the database, so recording finds
 * them ready (the canonical JSON and two SHA-256 are a sixth of a message's CPU). The fact is
 * frozen when they are taken: a fact changed afterwards would be stored beside a hash that is not
 * its own, and a frozen one throws instead.
 */
export function ciFactIdentity(fact: CiFact): CiFactIdentity {
  const known = identities.get(fact);
  if (known) return known;
  freezeDeep(fact);
  const identity = { streamId: ciEventStream(fact), contentHash: contentHashOf(fact) };
  identities.set(fact, identity);
  return identity;
}

function freezeDeep(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) freezeDeep(child);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
