import { type CiFact } from './ci-fact';

/**
 * The system events of a CI fact's own stream (`ci-event-…`, one per (source, id)): written by
 * the RecordCiFact use case (libs/change-requests), read by the ci-events projection and the
 * verifier. One declaration for writer and readers.
 */

/** How a CI fact found its change request, strongest first. */
export interface ChangeRequestLink {
  changeRequestId: string;
  linkedBy: 'change_request_id' | 'commit_sha' | 'pull_request' | 'artifact';
}

/** Why a reported time deserves a second look (the fact is recorded all the same). */
export type ReportedTimeFlag = 'occurred_in_future' | 'reported_late';

/**
 * A CI message as it arrived, kept beside what the ledger read of it (ADR 0025): its body's bytes
 * and the envelope around them — a Kafka record's headers, or the HTTP headers that belong to the
 * message (CloudEvents `ce-*`, content type, a webhook's event, delivery and signature), never a
 * credential. Addressed by the SHA-256 of its body.
 */
export interface RawCiMessage {
  /** SHA-256 (hex) of the body's bytes, as received. */
  sha256: string;
  headers: Record<string, string>;
  /** Names of the headers whose value was not text, base64-encoded in `headers`. Absent when none. */
  base64Headers?: string[];
  /** The body: its text when it is UTF-8 text JSON can hold, else base64. */
  body: string;
  encoding: 'utf8' | 'base64';
}

/**
 * Headers computed from a webhook's secret: GitHub's HMAC of the body. An auditor who holds the
 * secret checks a delivery with it; anyone else holding it and the body could try weak secrets
 * offline until one matches, then sign deliveries of their own.
 */
export const SECRET_DERIVED_HEADERS: readonly string[] = ['x-hub-signature-256'];

/** A raw message as a reader may see it: secret-derived headers only for who checks them. */
export function rawForReader(
  raw: RawCiMessage,
  checksSignatures: boolean,
): RawCiMessage & { withheldHeaders?: string[] } {
  if (checksSignatures) return raw;
  const withheld = Object.keys(raw.headers).filter((name) => SECRET_DERIVED_HEADERS.includes(name));
  if (withheld.length === 0) return raw;
  const headers = Object.fromEntries(
    Object.entries(raw.headers).filter(([name]) => !withheld.includes(name)),
  );
  return { ...raw, headers, withheldHeaders: withheld };
}

/** The first delivery of a fact: the dedupe record, and the link fixed once for all deliveries. */
export interface CiEventReceipt {
  fact: CiFact;
  /** SHA-256 of the fact's canonical JSON: what the source said, nothing the ledger added. */
  contentHash: string;
  receivedAt: string;
  link: ChangeRequestLink | null;
  /** An unlinked production deployment: no approved change covers it (POL-APPROVED-RECORD, SOC-PROHIBITED). */
  unauthorized: { reason: string } | null;
  reportedTimeFlags: ReportedTimeFlag[];
  /** The message as received. Absent from receipts written before issue 26. */
  raw?: RawCiMessage;
}

/** The same (source, id) delivered again with other content: kept beside the first, never over it. */
export interface CiEventConflict {
  fact: CiFact;
  contentHash: string;
  receivedAt: string;
  firstContentHash: string;
  raw?: RawCiMessage;
}

/**
 * The same fact delivered again in other bytes (re-serialised, another spec version's envelope):
 * a duplicate, whose message is kept all the same, once per distinct body.
 */
export interface CiEventRedelivery {
  contentHash: string;
  receivedAt: string;
  raw: RawCiMessage;
  /** What of these bytes the ledger did not read (they may hold more than the first's). */
  unread?: string[];
}

export type CiEventStreamEvent =
  | { type: 'CiEventReceived'; data: CiEventReceipt }
  | { type: 'CiEventConflicted'; data: CiEventConflict }
  | { type: 'CiEventRedelivered'; data: CiEventRedelivery };
