import { type CiFact } from './ci-fact';

/**
 * The system events of a CI fact's own stream (`ci-event-…`, one per (source, id)): written by
 * the ingestion handler, read by the ci-events projection and the verifier. One declaration for
 * writer and readers.
 */

/** How a CI fact found its change request, strongest first. */
export interface ChangeRequestLink {
  changeRequestId: string;
  linkedBy: 'change_request_id' | 'commit_sha' | 'pull_request' | 'artifact';
}

/** Why a reported time deserves a second look (the fact is recorded all the same). */
export type ReportedTimeFlag = 'occurred_in_future' | 'reported_late';

/** The first delivery of a fact: the dedupe record, and the link fixed once for all deliveries. */
export interface CiEventReceipt {
  fact: CiFact;
  /** SHA-256 of the fact's canonical JSON: what the source said, nothing the ledger added. */
  contentHash: string;
  receivedAt: string;
  link: ChangeRequestLink | null;
  /** An unlinked production deployment: no approved change covers it (002 §3.8, 003 §6). */
  unauthorized: { reason: string } | null;
  reportedTimeFlags: ReportedTimeFlag[];
}

/** The same (source, id) delivered again with other content: kept beside the first, never over it. */
export interface CiEventConflict {
  fact: CiFact;
  contentHash: string;
  receivedAt: string;
  firstContentHash: string;
}

export type CiEventStreamEvent =
  | { type: 'CiEventReceived'; data: CiEventReceipt }
  | { type: 'CiEventConflicted'; data: CiEventConflict };

export const CI_EVENT_STREAM_PREFIX = 'ci-event-';
