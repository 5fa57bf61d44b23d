import { type ChangeRequest } from '@change-ledger/domain';
import {
  approvalMillis,
  type ChangeFacts,
  factsOf,
  implementationMillis,
  leadTimeMillis,
  recoveryMillis,
  reportStatus,
} from './report-definitions';

/**
 * What one change request adds to the per-month rows of `read_models.change_metrics`: the
 * predicates of report-definitions, applied once per change when it changes rather than over
 * every change at each query. The change-metrics projection keeps each change's contributions
 * and moves the rows by the difference when the change moves (another status, another month).
 */
export interface MetricContribution {
  /** First day of the UTC month of the time the measure is dated by (`2025-06-01`). */
  month: string;
  measure: MetricMeasure;
  /** A status or a deadline kind, where the measure counts by one; else ''. */
  bucket: string;
  category: string;
  priority: string;
  changeType: string;
  /** For a measure kept as a distribution (a median's): the duration itself; else 0. */
  valueMs: number;
  n: number;
  sumMs: number;
}

export const MEASURES = {
  /** Dated by creation, bucket: the report status. The monthly report's counts; metrics' "created". */
  created: 'created',
  /** Dated by creation: emergency changes. */
  createdEmergency: 'created_emergency',
  /** Dated by creation: submitted → approved. The monthly report's average approval time. */
  createdApproval: 'created_approval',
  /** Dated by creation: start → completion of completed changes. Its implementation time. */
  createdImplementation: 'created_implementation',
  /** Dated by creation, bucket: the deadline kind, n: how often it was recorded as missed. */
  missedDeadline: 'missed_deadline',
  /** Dated by implementation start, bucket: the status. Deployments and their outcomes. */
  deployed: 'deployed',
  /**
   * Dated by implementation start, distribution: creation → start (DORA lead time); bucket: the
   * duration's range, so the rows of one range are read alone.
   */
  leadTime: 'lead_time',
  /** Dated by implementation start, distribution: start → rollback (DORA recovery). */
  recovery: 'recovery',
  /** Counts per range of lead times (bucket: `durationRange`), to find a median's range. */
  leadTimeRanges: 'lead_time_ranges',
  /** Counts per range of recovery times. */
  recoveryRanges: 'recovery_ranges',
  /** Dated by approval: submitted → approved (the high-priority approval time). */
  approved: 'approved',
  /** Dated by completion: start → completion of completed changes. */
  completed: 'completed',
} as const;
export type MetricMeasure = (typeof MEASURES)[keyof typeof MEASURES];

/** `2025-06-01` for any instant of June 2025 (UTC); null for what is not an instant. */
export function monthOf(iso: string | null): string | null {
  if (!iso) return null;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

export function metricContributions(state: ChangeRequest): MetricContribution[] {
  const facts = factsOf(state);
  const contributions: MetricContribution[] = [];
  const add = (
    dated: string | null,
    measure: MetricMeasure,
    options: { bucket?: string; sumMs?: number; valueMs?: number; n?: number } = {},
  ) => {
    const month = monthOf(dated);
    if (month === null) return;
    contributions.push({
      month,
      measure,
      bucket: options.bucket ?? '',
      category: state.content.category,
      priority: facts.priority,
      changeType: facts.changeType,
      valueMs: options.valueMs ?? 0,
      n: options.n ?? 1,
      sumMs: options.sumMs ?? 0,
    });
  };
  const withDuration = (
    dated: string | null,
    measure: MetricMeasure,
    millis: (change: ChangeFacts) => number | null,
  ) => {
    const duration = millis(facts);
    if (duration !== null) add(dated, measure, { sumMs: duration });
  };

  add(facts.createdAt, MEASURES.created, { bucket: reportStatus(facts.status) });
  if (facts.emergency) add(facts.createdAt, MEASURES.createdEmergency);
  withDuration(facts.createdAt, MEASURES.createdApproval, approvalMillis);
  withDuration(facts.createdAt, MEASURES.createdImplementation, implementationMillis);
  const missed = new Map<string, number>();
  for (const kind of facts.missedDeadlines) missed.set(kind, (missed.get(kind) ?? 0) + 1);
  for (const [kind, n] of missed)
    add(facts.createdAt, MEASURES.missedDeadline, { bucket: kind, n });

  add(facts.implementationStartedAt, MEASURES.deployed, { bucket: facts.status });
  // A median reads the counts per range first, then the durations of the one or two ranges the
  // middle falls in: a few hundred rows however many distinct durations the period has.
  for (const [measure, ranges, millis] of [
    [MEASURES.leadTime, MEASURES.leadTimeRanges, leadTimeMillis],
    [MEASURES.recovery, MEASURES.recoveryRanges, recoveryMillis],
  ] as const) {
    const duration = millis(facts);
    if (duration === null) continue;
    const bucket = String(durationRange(duration));
    add(facts.implementationStartedAt, measure, { bucket, valueMs: duration });
    add(facts.implementationStartedAt, ranges, { bucket });
  }
  withDuration(facts.approvedAt, MEASURES.approved, approvalMillis);
  withDuration(facts.completedAt, MEASURES.completed, implementationMillis);
  return contributions;
}

/**
 * The range a duration (whole milliseconds) falls in, as an integer that never decreases as the
 * duration grows: 16 ranges per doubling (each ≤ 1/16 of its durations wide), exact below 16 ms,
 * mirrored for negative durations. Integer arithmetic only (the binary digits), so the same
 * duration always lands in the same range.
 */
export function durationRange(ms: number): number {
  if (ms < 0) return -1 - durationRange(-ms);
  if (ms < 16) return ms;
  const digits = Math.trunc(ms).toString(2);
  return (digits.length - 5) * 16 + parseInt(digits.slice(0, 5), 2);
}

/** The identity of a row of change_metrics: every column but the counts. */
export const contributionKey = (c: MetricContribution) =>
  JSON.stringify([c.month, c.measure, c.bucket, c.category, c.priority, c.changeType, c.valueMs]);
