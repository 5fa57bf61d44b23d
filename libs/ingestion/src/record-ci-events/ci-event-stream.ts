import { createHash } from 'node:crypto';
import { CI_EVENT_STREAM_PREFIX, type CiFact } from '@change-ledger/domain';
import canonicalize from 'canonicalize';

/** The stream of one (source, id): a hash, since both are free text. */
export function ciEventStream(fact: Pick<CiFact, 'source' | 'id'>): string {
  return `${CI_EVENT_STREAM_PREFIX}${sha256(`${fact.source}\u0000${fact.id}`).slice(0, 40)}`;
}

/** SHA-256 of the fact's canonical JSON: what the source said, nothing the ledger added. */
export function contentHashOf(fact: CiFact): string {
  return sha256(canonicalize(fact)!);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
