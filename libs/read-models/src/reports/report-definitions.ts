import { type ChangeRequest, deadlineStatus } from '@change-ledger/domain';

/**
 * Every report and metric formula of Change Ledger, defined once (004 "Change Management Reports",
 * "Key Metrics", "Targets"; 003 §5 quarterly emergency report; DORA). Pure: the read models hand
 * in the facts of the changes concerned, these functions count. The README's "Reports and
 * metrics" section states the same definitions for people.
 */
export interface ChangeFacts {
  id: string;
  status: ChangeRequest['status'];
  priority: string;
  changeType: string;
  emergency: boolean;
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
const hoursBetween = (start: string, end: string) =>
  (Date.parse(end) - Date.parse(start)) / 3_600_000;
const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** `18h`, `4.5h`, `45m`: 004's way of writing a duration. */
export function formatHours(hours: number | null): string | null {
  if (hours === null) return null;
  if (hours < 1) return `${Math.round(hours * 60)}m`;
  return `${Math.round(hours * 10) / 10}h`;
}

/** The four statuses 004's report names, plus the lifecycle's others, each always present. */
const REPORT_STATUSES = [
  'pending',
  'approved',
  'implementing',
  'completed',
  'rejected',
  'failed',
  'rolled_back',
  'cancelled',
] as const;
const reportStatus = (status: ChangeFacts['status']): (typeof REPORT_STATUSES)[number] =>
  status === 'draft' || status === 'pending_approval'
    ? 'pending'
    : status === 'scheduled'
      ? 'approved'
      : status;

/**
 * 004's "Change Request Report" for one month. Population: change requests created in the month.
 * average_approval_time: mean of submitted → approved over those approved (standard changes,
 * pre-approved at once, count as 0). average_implementation_time: mean of implementation start →
 * completion over those completed.
 */
export function monthlyReport(
  reportPeriod: string,
  period: Period,
  changes: readonly ChangeFacts[],
  changeTypes: readonly string[],
) {
  const population = changes.filter((change) => within(change.createdAt, period));
  const count = <K extends string>(keys: readonly K[], keyOf: (change: ChangeFacts) => string) => {
    const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<string, number>;
    for (const change of population) counts[keyOf(change)] = (counts[keyOf(change)] ?? 0) + 1;
    return counts;
  };
  const approval = population
    .filter((change) => change.submittedAt && change.approvedAt)
    .map((change) => hoursBetween(change.submittedAt!, change.approvedAt!));
  const implementation = population
    .filter(
      (change) =>
        change.status === 'completed' && change.implementationStartedAt && change.completedAt,
    )
    .map((change) => hoursBetween(change.implementationStartedAt!, change.completedAt!));
  return {
    report_period: reportPeriod,
    total_changes: population.length,
    by_status: count(REPORT_STATUSES, (change) => reportStatus(change.status)),
    by_priority: count(['critical', 'high', 'medium', 'low'], (change) => change.priority),
    by_type: count(changeTypes, (change) => change.changeType),
    average_approval_time: formatHours(mean(approval)),
    average_implementation_time: formatHours(mean(implementation)),
  };
}

export interface KeyMetric {
  metric: string;
  value: number | null;
  unit: 'ratio' | 'hours';
  target: string;
  met: boolean | null;
  sample_size: number;
  definition: string;
}

/** 004's key metrics against its targets, for changes in a period. `met` is null without data. */
export function keyMetrics(period: Period, changes: readonly ChangeFacts[]): KeyMetric[] {
  const deployed = changes.filter((change) => deployedIn(change, period));
  const outcomes = deployed.filter((change) =>
    ['completed', 'failed', 'rolled_back'].includes(change.status),
  );
  const highApproved = changes.filter(
    (change) =>
      (change.priority === 'high' || change.priority === 'critical') &&
      change.submittedAt &&
      within(change.approvedAt, period),
  );
  const completed = changes.filter(
    (change) =>
      change.status === 'completed' &&
      within(change.completedAt, period) &&
      change.implementationStartedAt,
  );
  const created = changes.filter((change) => within(change.createdAt, period));

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
      ratio(outcomes.filter((change) => change.status === 'completed').length, outcomes.length),
      'ratio',
      ['>', 0.95],
      outcomes.length,
      'completed ÷ (completed + failed + rolled back), over changes whose implementation started in the period and that have an outcome',
    ),
    metric(
      'average_approval_time_high_priority',
      mean(highApproved.map((change) => hoursBetween(change.submittedAt!, change.approvedAt!))),
      'hours',
      ['<', 24],
      highApproved.length,
      'mean hours from submission to full approval, over high and critical changes approved in the period',
    ),
    metric(
      'average_implementation_time',
      mean(
        completed.map((change) =>
          hoursBetween(change.implementationStartedAt!, change.completedAt!),
        ),
      ),
      'hours',
      ['<', 4],
      completed.length,
      'mean hours from implementation start to completion, over changes completed in the period',
    ),
    metric(
      'rollback_rate',
      ratio(deployed.filter((change) => change.status === 'rolled_back').length, deployed.length),
      'ratio',
      ['<', 0.05],
      deployed.length,
      'rolled back ÷ implemented, over changes whose implementation started in the period',
    ),
    metric(
      'emergency_change_rate',
      ratio(created.filter((change) => change.emergency).length, created.length),
      'ratio',
      ['<', 0.1],
      created.length,
      'emergency ÷ all, over change requests created in the period',
    ),
  ];
}

/**
 * Deadlines recorded as missed, by kind, over change requests created in the period: approval
 * timeouts (escalations), emergency documentation, post-hoc and post-incident reviews.
 */
export function missedDeadlines(period: Period, changes: readonly ChangeFacts[]) {
  const counts = {
    approval: 0,
    emergency_documentation: 0,
    post_hoc_review: 0,
    post_incident_review: 0,
  } as Record<string, number>;
  for (const change of changes.filter((candidate) => within(candidate.createdAt, period))) {
    for (const deadline of change.missedDeadlines) counts[deadline] = (counts[deadline] ?? 0) + 1;
  }
  return counts;
}

/**
 * DORA's four keys, from the ledger's own facts. A deployment is a change whose implementation
 * started in the period; lead time runs from the change request's creation (the ledger does not
 * see commits) to that start; recovery time from the start of a deployment to its rollback.
 */
export function doraMetrics(period: Period, changes: readonly ChangeFacts[]) {
  const deployed = changes.filter((change) => deployedIn(change, period));
  const outcomes = deployed.filter((change) =>
    ['completed', 'failed', 'rolled_back'].includes(change.status),
  );
  const days = (period.to.getTime() - period.from.getTime()) / 86_400_000;
  const recoveries = deployed
    .filter((change) => change.rolledBackAt)
    .map((change) => hoursBetween(change.implementationStartedAt!, change.rolledBackAt!));
  return {
    deployment_frequency: {
      deployments: deployed.length,
      per_day: Math.round((deployed.length / days) * 1000) / 1000,
    },
    lead_time_for_changes: {
      median_hours: median(
        deployed.map((change) => hoursBetween(change.createdAt, change.implementationStartedAt!)),
      ),
    },
    change_failure_rate: ratio(
      outcomes.filter((change) => change.status !== 'completed').length,
      outcomes.length,
    ),
    failed_deployment_recovery_time: {
      median_hours: median(recoveries),
      rollbacks: recoveries.length,
    },
  };
}

/**
 * 003 §5: emergency changes are tracked separately and reported each quarter. Population:
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
