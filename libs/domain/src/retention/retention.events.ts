import { type RetentionRecordKind } from '../policy/policy';
import { type LegalHoldScope } from './legal-hold';

export interface LegalHoldPlaced {
  holdId: string;
  scope: LegalHoldScope;
  reason: string;
  /** Held until released, or until this instant if given. */
  until: string | null;
  placedBy: string;
  placedAt: string;
}

export interface LegalHoldReleased {
  holdId: string;
  reason: string;
  releasedBy: string;
  releasedAt: string;
}

export type LegalHoldEvent =
  | { type: 'LegalHoldPlaced'; data: LegalHoldPlaced }
  | { type: 'LegalHoldReleased'; data: LegalHoldReleased };

export const LEGAL_HOLD_EVENT_TYPES = ['LegalHoldPlaced', 'LegalHoldReleased'] as const;

/** One record a run prunes, and why: the plan's line, with the hash the stream ended on. */
export interface PrunedRecord {
  streamId: string;
  kind: RetentionRecordKind;
  /** When its retention clock started (a change request's closing event, a receipt). */
  closedAt: string;
  eligibleSince: string;
  lastRevision: number;
  lastHash: string;
}

/** A month's report as it was published before the run removed some of its changes. */
export interface FrozenMonthlyReport {
  period: string;
  report: Record<string, unknown>;
}

/**
 * A run starts by saying under which policy and cut-off it prunes; the database refuses a
 * deletion that names no started run. Reports of the months it touches are frozen here, in the
 * events, so a rebuild of the read models restores them as they were reported.
 */
export interface RetentionRunStarted {
  runId: string;
  policyVersion: string;
  asOf: string;
  /** Per kind of record: a clock started before this instant has run out. */
  cutoffs: Record<RetentionRecordKind, string>;
  eligible: number;
  held: number;
  frozenReports: FrozenMonthlyReport[];
}

/** A batch about to be deleted: the database deletes only a stream its run's last batch lists. */
export interface RetentionBatchPlanned {
  runId: string;
  batch: number;
  records: PrunedRecord[];
}

/** What the batch removed: each stream with its last hash, the tombstone's. */
export interface RetentionBatchPruned {
  runId: string;
  batch: number;
  streams: { streamId: string; lastHash: string; eventsDeleted: number }[];
  /** Planned but left: held, or changed since it was planned; the next run looks again. */
  skipped: { streamId: string; reason: string }[];
}

export interface RetentionRunFinished {
  runId: string;
  pruned: number;
  eventsDeleted: number;
  skipped: number;
  finishedAt: string;
}

export type RetentionRunEvent =
  | { type: 'RetentionRunStarted'; data: RetentionRunStarted }
  | { type: 'RetentionBatchPlanned'; data: RetentionBatchPlanned }
  | { type: 'RetentionBatchPruned'; data: RetentionBatchPruned }
  | { type: 'RetentionRunFinished'; data: RetentionRunFinished };

export const RETENTION_RUN_EVENT_TYPES = [
  'RetentionRunStarted',
  'RetentionBatchPlanned',
  'RetentionBatchPruned',
  'RetentionRunFinished',
] as const;
