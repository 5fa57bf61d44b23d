import {
  type ChangeFacts,
  doraMetrics,
  emergencyReport,
  formatHours,
  keyMetrics,
  missedDeadlines,
  monthlyReport,
  monthPeriod,
  quarterPeriod,
} from './report-definitions';

/**
 * A hand-made January 2025. Every expected number below was worked out by hand from these
 * timestamps (the comments show the arithmetic), not by running the code.
 */
const change = (
  facts: Partial<ChangeFacts> &
    Pick<ChangeFacts, 'id' | 'status' | 'priority' | 'changeType' | 'createdAt'>,
): ChangeFacts => ({
  emergency: false,
  standard: false,
  submittedAt: facts.createdAt,
  approvedAt: null,
  implementationStartedAt: null,
  completedAt: null,
  rolledBackAt: null,
  documentation: null,
  postHocReview: null,
  missedDeadlines: [],
  ...facts,
});

const population: ChangeFacts[] = [
  // A: approved 18 h after submission; implemented 4 h.
  change({
    id: 'A',
    status: 'completed',
    priority: 'high',
    changeType: 'security',
    createdAt: '2025-01-02T08:00:00Z',
    approvedAt: '2025-01-03T02:00:00Z',
    implementationStartedAt: '2025-01-04T00:00:00Z',
    completedAt: '2025-01-04T04:00:00Z',
  }),
  // B: approved after 24 h; implemented 2 h.
  change({
    id: 'B',
    status: 'completed',
    priority: 'medium',
    changeType: 'feature',
    createdAt: '2025-01-05T00:00:00Z',
    approvedAt: '2025-01-06T00:00:00Z',
    implementationStartedAt: '2025-01-07T00:00:00Z',
    completedAt: '2025-01-07T02:00:00Z',
  }),
  // C: approved after 6 h; deployed, rolled back 1.5 h later.
  change({
    id: 'C',
    status: 'rolled_back',
    priority: 'high',
    changeType: 'bugfix',
    createdAt: '2025-01-10T00:00:00Z',
    approvedAt: '2025-01-10T06:00:00Z',
    implementationStartedAt: '2025-01-11T00:00:00Z',
    rolledBackAt: '2025-01-11T01:30:00Z',
  }),
  // D: still pending.
  change({
    id: 'D',
    status: 'pending_approval',
    priority: 'low',
    changeType: 'infrastructure',
    createdAt: '2025-01-12T00:00:00Z',
  }),
  // E: emergency; implemented 30 min after submission, approved after the fact (4 h after
  // submission), completed 2 h after implementation; documented in time, post-hoc review never done.
  change({
    id: 'E',
    status: 'completed',
    priority: 'critical',
    changeType: 'security',
    emergency: true,
    createdAt: '2025-01-15T10:00:00Z',
    implementationStartedAt: '2025-01-15T10:30:00Z',
    approvedAt: '2025-01-15T14:00:00Z',
    completedAt: '2025-01-15T12:30:00Z',
    documentation: { dueAt: '2025-01-16T10:30:00Z', metAt: '2025-01-16T09:00:00Z' },
    postHocReview: { dueAt: '2025-01-22T10:30:00Z', metAt: null },
    missedDeadlines: ['post_hoc_review'],
  }),
  change({
    id: 'F',
    status: 'rejected',
    priority: 'medium',
    changeType: 'feature',
    createdAt: '2025-01-20T00:00:00Z',
  }),
  change({
    id: 'G',
    status: 'cancelled',
    priority: 'low',
    changeType: 'configuration',
    createdAt: '2025-01-25T00:00:00Z',
  }),
  // H: created in December, approved 72 h after submission, deployed in January, failed.
  change({
    id: 'H',
    status: 'failed',
    priority: 'high',
    changeType: 'feature',
    createdAt: '2024-12-30T00:00:00Z',
    approvedAt: '2025-01-02T00:00:00Z',
    implementationStartedAt: '2025-01-03T00:00:00Z',
    completedAt: '2025-01-03T01:00:00Z',
  }),
];

const january = monthPeriod('2025-01');
const TYPES = ['security', 'feature', 'bugfix', 'infrastructure', 'configuration'];

describe('the monthly report (004)', () => {
  it('counts the changes created in the month by status, priority and type, with the average times', () => {
    expect(monthlyReport('2025-01', january, population, TYPES)).toEqual({
      report_period: '2025-01',
      total_changes: 7, // A–G; H was created in December
      by_status: {
        pending: 1,
        approved: 0,
        implementing: 0,
        completed: 3,
        rejected: 1,
        failed: 0,
        rolled_back: 1,
        cancelled: 1,
      },
      by_priority: { critical: 1, high: 2, medium: 2, low: 2 },
      by_type: { security: 2, feature: 2, bugfix: 1, infrastructure: 1, configuration: 1 },
      average_approval_time: '13h', // (18 + 24 + 6 + 4) / 4
      average_implementation_time: '2.7h', // (4 + 2 + 2) / 3 = 2.67
    });
  });
});

describe('approval times', () => {
  it('leave out a standard change: pre-approved by the catalogue, it took no approval', () => {
    // S: a high-priority standard change, pre-approved the instant it was submitted.
    const standard = change({
      id: 'S',
      status: 'approved',
      priority: 'high',
      changeType: 'bugfix',
      createdAt: '2025-01-10T00:00:00Z',
      approvedAt: '2025-01-10T00:00:00Z',
      standard: true,
    });
    const withStandard = [...population, standard];
    expect(monthlyReport('2025-01', january, withStandard, TYPES)).toMatchObject({
      total_changes: 8,
      average_approval_time: '13h', // still (18 + 24 + 6 + 4) / 4, not 52 / 5
    });
    const metric = keyMetrics(january, withStandard).find(
      (candidate) => candidate.metric === 'average_approval_time_high_priority',
    );
    expect(metric).toMatchObject({ value: 25, sample_size: 4 });
    expect(metric!.definition).toMatch(
      /standard changes, pre-approved by the catalogue, are left out/,
    );
  });
});

describe('the key metrics against 004 targets', () => {
  const metrics = Object.fromEntries(
    keyMetrics(january, population).map((metric) => [metric.metric, metric]),
  );

  it('computes each from its own population', () => {
    // Deployed in January: A, B, C, E, H; outcomes: 3 completed, 1 rolled back, 1 failed.
    expect(metrics.change_success_rate).toMatchObject({
      value: 0.6,
      target: '> 95%',
      met: false,
      sample_size: 5,
    });
    // High or critical, approved in January: A 18 h, C 6 h, E 4 h, H 72 h → 100 / 4.
    expect(metrics.average_approval_time_high_priority).toMatchObject({
      value: 25,
      target: '< 24h',
      met: false,
      sample_size: 4,
    });
    // Completed in January: A 4 h, B 2 h, E 2 h.
    expect(metrics.average_implementation_time).toMatchObject({
      value: 2.6667,
      target: '< 4h',
      met: true,
      sample_size: 3,
    });
    // 1 of the 5 deployed was rolled back.
    expect(metrics.rollback_rate).toMatchObject({ value: 0.2, target: '< 5%', met: false });
    // 1 emergency among the 7 created in January.
    expect(metrics.emergency_change_rate).toMatchObject({
      value: 0.1429,
      target: '< 10%',
      met: false,
      sample_size: 7,
    });
  });

  it('says "no data" rather than a rate of a population of none', () => {
    const empty = keyMetrics(monthPeriod('2024-06'), population);
    expect(
      empty.every(
        (metric) => metric.value === null && metric.met === null && metric.sample_size === 0,
      ),
    ).toBe(true);
  });
});

describe('missed deadlines', () => {
  it('counts each kind over the changes created in the period', () => {
    // E's post-hoc review was recorded as missed; nothing else was.
    expect(missedDeadlines(january, population)).toEqual({
      approval: 0,
      emergency_documentation: 0,
      post_hoc_review: 1,
      post_incident_review: 0,
    });
  });
});

describe('DORA', () => {
  it('measures frequency, lead time, failure rate and recovery time', () => {
    expect(doraMetrics(january, population)).toEqual({
      deployment_frequency: { deployments: 5, per_day: 0.161 }, // 5 / 31
      lead_time_for_changes: { median_hours: 40 }, // 0.5, 24, 40, 48, 96 (A: Jan 2 08:00 → Jan 4 00:00)
      change_failure_rate: 0.4, // C rolled back + H failed, of 5
      failed_deployment_recovery_time: { median_hours: 1.5, rollbacks: 1 },
    });
  });
});

describe('the quarterly emergency-change report (003 §5)', () => {
  it('lists the emergency changes with their deadlines met, missed or pending', () => {
    const report = emergencyReport(
      '2025-Q1',
      quarterPeriod('2025-Q1'),
      population,
      new Date('2025-02-01T00:00:00Z'),
    );
    expect(report).toMatchObject({
      total_emergency_changes: 1,
      documentation_within_24h: { met: 1, missed: 0, pending: 0 },
      post_hoc_review_within_5_business_days: { met: 0, missed: 1, pending: 0 }, // due Jan 22, not done by Feb 1
      retroactively_approved: 1,
      awaiting_approval: 0,
    });
    expect(report.changes).toEqual([
      expect.objectContaining({
        change_request_id: 'E',
        retroactively_approved: true,
        documentation: 'met',
        documentation_due_at: '2025-01-16T10:30:00Z',
        post_hoc_review: 'missed',
        post_hoc_review_due_at: '2025-01-22T10:30:00Z',
      }),
    ]);
  });
});

describe('periods and durations', () => {
  it('read months and quarters, and refuse anything else', () => {
    expect(monthPeriod('2024-12')).toEqual({
      from: new Date('2024-12-01T00:00:00Z'),
      to: new Date('2025-01-01T00:00:00Z'),
    });
    expect(quarterPeriod('2026-Q4')).toEqual({
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect(() => monthPeriod('2025-13')).toThrow(RangeError);
    expect(() => quarterPeriod('2026-Q5')).toThrow(RangeError);
  });

  it('write durations the way 004 does', () => {
    expect([formatHours(18), formatHours(2.6667), formatHours(0.75), formatHours(null)]).toEqual([
      '18h',
      '2.7h',
      '45m',
      null,
    ]);
  });
});
