import { type ChangeRequest, deadlineStatus } from '@change-ledger/domain';

/**
 * Every report and metric formula of Change Ledger, defined once (API-REPORT,
 * API-METRICS; SOC-EMERG-REPORT quarterly emergency report; DORA). Pure: the read models hand
 * in the facts of the changes concerned, these functions count. The README's "Reports and
 * metrics" section states the same definitions for people.
 */
export interface ChangeFacts {
  id: string;
  status: ChangeRequest['status'];
  priority: string;
  changeType: string;
  emergency: boolean;
  /** A standard change, pre-approved from the catalogue: no one approved it, so no approval time. */
  standard: boolean;
  createdAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  implementationStartedAt: string | null;
  completedAt: string | null;
  rolledBackAt: string | null;
  documentation: { dueAt: string; metAt: string | null } | null;
  postHocReview: { dueAt: string; metAt: string | null } | null;
  /** Deadlines recorded as missed (DeadlineMissed), by kind. */
  missedDeadlines: string[];
}

export function factsOf(state: ChangeRequest): ChangeFacts {
  return {
    id: state.id,
    status: state.status,
    priority: state.content.priority,
    changeType: state.content.changeType,
    emergency: state.emergency !== null,
    standard: state.content.category === 'standard',
    createdAt: state.createdAt,
    submittedAt: state.submittedAt ?? null,
    approvedAt: state.approvedAt,
    implementationStartedAt: state.implementationStartedAt,
    completedAt:
      state.status === 'completed' || state.status === 'failed' ? state.completedAt : null,
    rolledBackAt: state.rolledBackAt ?? null,
    documentation: state.emergency?.documentation ?? null,
    postHocReview: state.emergency?.postHocReview ?? null,
    missedDeadlines: state.missedDeadlines,
  };
}

export interface Period {
  from: Date;
  to: Date;
}

const within = (iso: string | null, { from, to }: Period) =>
  iso !== null && Date.parse(iso) >= from.getTime() && Date.parse(iso) < to.getTime();
/**
 * A deployment of the period: a change whose implementation started in it. The change log, the
 * audit population, DORA's deployments and the rollback and success rates all count these.
 */
export const deployedIn = (change: ChangeFacts, period: Period) =>
  within(change.implementationStartedAt, period);
/** An outcome reached in the period: completed, failed or rolled back in it. */
export const closedIn = (change: ChangeFacts, period: Period) =>
  within(change.completedAt, period) || within(change.rolledBackAt, period);
const millisBetween = (start: string, end: string) => Date.parse(end) - Date.parse(start);
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * A count and a sum of durations in whole milliseconds. Means are taken from the integer sum
 * (exact in any order), so a mean summed from pre-aggregated rows equals one summed from the
 * changes themselves, to the last bit.
 */
export interface DurationTally {
  n: number;
  sumMs: number;
}
const tallyOf = (durations: readonly number[]): DurationTally => ({
  n: durations.length,
  sumMs: durations.reduce((sum, value) => sum + value, 0),
});
const meanHours = ({ n, sumMs }: DurationTally) => (n === 0 ? null : sumMs / n / 3_600_000);

/**
 * What a median needs: how many values, and the two in the middle (the same one when `n` is
 * odd), in milliseconds. Ranks `⌊(n−1)/2⌋` and `⌊n/2⌋` (0-based) of the sorted values.
 */
export interface MedianInput {
  n: number;
  lowerMs: number | null;
  upperMs: number | null;
}
const medianInputOf = (durations: readonly number[]): MedianInput => {
  const sorted = [...durations].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    lowerMs: n === 0 ? null : sorted[Math.floor((n - 1) / 2)]!,
    upperMs: n === 0 ? null : sorted[Math.floor(n / 2)]!,
  };
};
const medianHours = ({ n, lowerMs, upperMs }: MedianInput) =>
  n === 0 || lowerMs === null || upperMs === null
    ? null
    : n % 2 === 1
      ? lowerMs / 3_600_000
      : (lowerMs / 3_600_000 + upperMs / 3_600_000) / 2;

/** `18h`, `4.5h`, `45m`: API-REPORT's way of writing a duration. */
export function formatHours(hours: number | null): string | null {
  if (hours === null) return null;
  if (hours < 1) return `${Math.round(hours * 60)}m`;
  return `${Math.round(hours * 10) / 10}h`;
}

/** The five statuses API-REPORT names, plus the lifecycle's others, each always present. */
export const REPORT_STATUSES = [
  'pending',
  'approved',
  'implementing',
  'completed',
  'rejected',
  'failed',
  'rolled_back',
  'cancelled',
] as const;
export const reportStatus = (status: ChangeFacts['status']): (typeof REPORT_STATUSES)[number] =>
  status === 'draft' || status === 'pending_approval'
    ? 'pending'
    : status === 'scheduled'
      ? 'approved'
      : status;
export const REPORT_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

/*
 * Each predicate below decides whether a change counts in a report or metric, and the duration it
 * adds. The formulas count from their tallies only, so the same formula answers from the changes
 * themselves (`…TalliesOf`) and from the per-month rows the change-metrics projection keeps
 * (`metricContributions`, which applies these same predicates).
 */
/**
 * Counts in the approval times (submitted → approved). A standard change is pre-approved at
 * submission by the catalogue, not by an approver: it is left out rather than counted as 0 s.
 */
export const approvalMillis = (change: ChangeFacts): number | null =>
  !change.standard && change.submittedAt && change.approvedAt
    ? millisBetween(change.submittedAt, change.approvedAt)
    : null;
/** Counts in the average implementation time (start → completion) of completed changes. */
export const implementationMillis = (change: ChangeFacts): number | null =>
  change.status === 'completed' && change.implementationStartedAt && change.completedAt
    ? millisBetween(change.implementationStartedAt, change.completedAt)
    : null;
/** DORA's lead time of a deployed change: creation → implementation start. */
export const leadTimeMillis = (change: ChangeFacts): number | null =>
  change.implementationStartedAt
    ? millisBetween(change.createdAt, change.implementationStartedAt)
    : null;
/** DORA's recovery time of a deployed change rolled back: implementation start → rollback. */
export const recoveryMillis = (change: ChangeFacts): number | null =>
  change.implementationStartedAt && change.rolledBackAt
    ? millisBetween(change.implementationStartedAt, change.rolledBackAt)
    : null;
export const isHighPriority = (priority: string) => priority === 'high' || priority === 'critical';
const OUTCOME_STATUSES: readonly string[] = ['completed', 'failed', 'rolled_back'];
const present = <T>(value: T | null): value is T => value !== null;
const countBy = (keys: readonly string[], values: readonly string[]) => {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<string, number>;
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};

/** The monthly report's counts and duration tallies, over the changes created in the month. */
export interface MonthlyTallies {
  total: number;
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  byType: Record<string, number>;
  approval: DurationTally;
  implementation: DurationTally;
}

export function monthlyTalliesOf(period: Period, changes: readonly ChangeFacts[]): MonthlyTallies {
  const population = changes.filter((change) => within(change.createdAt, period));
  return {
    total: population.length,
    byStatus: countBy(
      [],
      population.map((change) => reportStatus(change.status)),
    ),
    byPriority: countBy(
      [],
      population.map((change) => change.priority),
    ),
    byType: countBy(
      [],
      population.map((change) => change.changeType),
    ),
    approval: tallyOf(population.map(approvalMillis).filter(present)),
    implementation: tallyOf(population.map(implementationMillis).filter(present)),
  };
}

/**
 * API-REPORT: the report of one month. Population: change requests created in the month.
 * average_approval_time: mean of submitted → approved over those approved (standard changes,
 * pre-approved by the catalogue, are left out). average_implementation_time: mean of implementation start →
 * completion over those completed.
 */
export function monthlyReport(
  reportPeriod: string,
  period: Period,
  changes: readonly ChangeFacts[],
  changeTypes: readonly string[],
) {
  return monthlyReportOf(reportPeriod, monthlyTalliesOf(period, changes), changeTypes);
}

export function monthlyReportOf(
  reportPeriod: string,
  tallies: MonthlyTallies,
  changeTypes: readonly string[],
) {
  // The named keys first, always present; any other value after them, in a stable order.
  const keyed = (keys: readonly string[], counts: Record<string, number>) => ({
    ...Object.fromEntries(keys.map((key) => [key, 0])),
    ...Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  });
  return {
    report_period: reportPeriod,
    total_changes: tallies.total,
    by_status: keyed(REPORT_STATUSES, tallies.byStatus),
    by_priority: keyed(REPORT_PRIORITIES, tallies.byPriority),
    by_type: keyed(changeTypes, tallies.byType),
    average_approval_time: formatHours(meanHours(tallies.approval)),
    average_implementation_time: formatHours(meanHours(tallies.implementation)),
  };
}

/** What the key metrics, the missed deadlines and DORA count, for changes in a period. */
export interface PeriodTallies {
  /** Changes whose implementation started in the period, by status. */
  deployedByStatus: Record<string, number>;
  /** High and critical changes approved in the period: submitted → approved. */
  highPriorityApproval: DurationTally;
  /** Changes completed in the period: implementation start → completion. */
  completed: DurationTally;
  created: number;
  emergencyCreated: number;
  /** Deadlines recorded as missed, by kind, over the changes created in the period. */
  missedDeadlines: Record<string, number>;
  leadTime: MedianInput;
  recovery: MedianInput;
}

export function periodTalliesOf(period: Period, changes: readonly ChangeFacts[]): PeriodTallies {
  const deployed = changes.filter((change) => deployedIn(change, period));
  const created = changes.filter((change) => within(change.createdAt, period));
  return {
    deployedByStatus: countBy(
      [],
      deployed.map((change) => change.status),
    ),
    highPriorityApproval: tallyOf(
      changes
        .filter((change) => isHighPriority(change.priority) && within(change.approvedAt, period))
        .map(approvalMillis)
        .filter(present),
    ),
    completed: tallyOf(
      changes
        .filter((change) => within(change.completedAt, period))
        .map(implementationMillis)
        .filter(present),
    ),
    created: created.length,
    emergencyCreated: created.filter((change) => change.emergency).length,
    missedDeadlines: countBy(
      [],
      created.flatMap((change) => change.missedDeadlines),
    ),
    leadTime: medianInputOf(deployed.map(leadTimeMillis).filter(present)),
    recovery: medianInputOf(deployed.map(recoveryMillis).filter(present)),
  };
}

const sumOf = (counts: Record<string, number>, keys?: readonly string[]) =>
  Object.entries(counts)
    .filter(([key]) => keys === undefined || keys.includes(key))
    .reduce((sum, [, count]) => sum + count, 0);

export interface KeyMetric {
  metric: string;
  value: number | null;
  unit: 'ratio' | 'hours';
  target: string;
  met: boolean | null;
  sample_size: number;
  definition: string;
}

/** API-METRICS: the key metrics against their targets, for changes in a period. `met` is null without data. */
export function keyMetrics(period: Period, changes: readonly ChangeFacts[]): KeyMetric[] {
  return keyMetricsOf(periodTalliesOf(period, changes));
}

export function keyMetricsOf(tallies: PeriodTallies): KeyMetric[] {
  const deployed = sumOf(tallies.deployedByStatus);
  const outcomes = sumOf(tallies.deployedByStatus, OUTCOME_STATUSES);
  const count = (status: string) => tallies.deployedByStatus[status] ?? 0;
  const metric = (
    name: string,
    value: number | null,
    unit: KeyMetric['unit'],
    target: ['>' | '<', number],
    sample: number,
    definition: string,
  ): KeyMetric => ({
    metric: name,
    value: value === null ? null : Math.round(value * 10_000) / 10_000,
    unit,
    target: `${target[0]} ${unit === 'ratio' ? `${target[1] * 100}%` : `${target[1]}h`}`,
    met: value === null ? null : target[0] === '>' ? value > target[1] : value < target[1],
    sample_size: sample,
    definition,
  });
  return [
    metric(
      'change_success_rate',
      ratio(count('completed'), outcomes),
      'ratio',
      ['>', 0.95],
      outcomes,
      'completed ÷ (completed + failed + rolled back), over changes whose implementation started in the period and that have an outcome',
    ),
    metric(
      'average_approval_time_high_priority',
      meanHours(tallies.highPriorityApproval),
      'hours',
      ['<', 24],
      tallies.highPriorityApproval.n,
      'mean hours from submission to full approval, over high and critical changes approved in the period; standard changes, pre-approved by the catalogue, are left out',
    ),
    metric(
      'average_implementation_time',
      meanHours(tallies.completed),
      'hours',
      ['<', 4],
      tallies.completed.n,
      'mean hours from implementation start to completion, over changes completed in the period',
    ),
    metric(
      'rollback_rate',
      ratio(count('rolled_back'), deployed),
      'ratio',
      ['<', 0.05],
      deployed,
      'rolled back ÷ implemented, over changes whose implementation started in the period',
    ),
    metric(
      'emergency_change_rate',
      ratio(tallies.emergencyCreated, tallies.created),
      'ratio',
      ['<', 0.1],
      tallies.created,
      'emergency ÷ all, over change requests created in the period',
    ),
  ];
}

/**
 * Deadlines recorded as missed, by kind, over change requests created in the period: approval
 * timeouts (escalations), emergency documentation, post-hoc and post-incident reviews.
 */
export function missedDeadlines(period: Period, changes: readonly ChangeFacts[]) {
  return missedDeadlinesOf(periodTalliesOf(period, changes));
}

export function missedDeadlinesOf(tallies: PeriodTallies) {
  return {
    approval: 0,
    emergency_documentation: 0,
    post_hoc_review: 0,
    post_incident_review: 0,
    ...tallies.missedDeadlines,
  } as Record<string, number>;
}

/**
 * DORA's four keys, from the ledger's own facts. A deployment is a change whose implementation
 * started in the period; lead time runs from the change request's creation (the ledger does not
 * see commits) to that start; recovery time from the start of a deployment to its rollback.
 */
export function doraMetrics(period: Period, changes: readonly ChangeFacts[]) {
  return doraMetricsOf(period, periodTalliesOf(period, changes));
}

export function doraMetricsOf(period: Period, tallies: PeriodTallies) {
  const deployed = sumOf(tallies.deployedByStatus);
  const outcomes = sumOf(tallies.deployedByStatus, OUTCOME_STATUSES);
  const days = (period.to.getTime() - period.from.getTime()) / 86_400_000;
  return {
    deployment_frequency: {
      deployments: deployed,
      per_day: Math.round((deployed / days) * 1000) / 1000,
    },
    lead_time_for_changes: { median_hours: medianHours(tallies.leadTime) },
    change_failure_rate: ratio(outcomes - (tallies.deployedByStatus.completed ?? 0), outcomes),
    failed_deployment_recovery_time: {
      median_hours: medianHours(tallies.recovery),
      rollbacks: tallies.recovery.n,
    },
  };
}

/**
 * SOC-EMERG-REPORT: emergency changes are tracked separately and reported each quarter. Population:
 * emergency changes created in the quarter; a deadline is `met`, `missed` (done late, or not done
 * and past due at `now`) or `pending`.
 */
export function emergencyReport(
  quarter: string,
  period: Period,
  changes: readonly ChangeFacts[],
  now: Date,
) {
  const rows = changes
    .filter((change) => change.emergency && within(change.createdAt, period))
    .map((change) => ({
      change_request_id: change.id,
      status: change.status,
      created_at: change.createdAt,
      implemented_at: change.implementationStartedAt,
      approved_before_implementation:
        change.approvedAt !== null &&
        change.implementationStartedAt !== null &&
        change.approvedAt <= change.implementationStartedAt,
      retroactively_approved:
        change.approvedAt !== null &&
        change.implementationStartedAt !== null &&
        change.approvedAt > change.implementationStartedAt,
      documentation: deadlineStatus(change.documentation, now),
      // The 24-hour and 5-business-day clocks themselves, for whoever must beat them.
      documentation_due_at: change.documentation?.dueAt ?? null,
      post_hoc_review: deadlineStatus(change.postHocReview, now),
      post_hoc_review_due_at: change.postHocReview?.dueAt ?? null,
    }));
  const tally = (key: 'documentation' | 'post_hoc_review') => ({
    met: rows.filter((row) => row[key] === 'met').length,
    missed: rows.filter((row) => row[key] === 'missed').length,
    pending: rows.filter((row) => row[key] === 'pending').length,
  });
  return {
    quarter,
    total_emergency_changes: rows.length,
    documentation_within_24h: tally('documentation'),
    post_hoc_review_within_5_business_days: tally('post_hoc_review'),
    retroactively_approved: rows.filter((row) => row.retroactively_approved).length,
    awaiting_approval: rows.filter(
      (row) => !row.approved_before_implementation && !row.retroactively_approved,
    ).length,
    changes: rows,
  };
}

export function monthPeriod(text: string): Period {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!match) throw new RangeError('period is a month like 2025-01');
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) };
}

export function quarterPeriod(text: string): Period {
  const match = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!match) throw new RangeError('quarter is like 2026-Q1');
  const year = Number(match[1]);
  const first = (Number(match[2]) - 1) * 3;
  return { from: new Date(Date.UTC(year, first, 1)), to: new Date(Date.UTC(year, first + 3, 1)) };
}
