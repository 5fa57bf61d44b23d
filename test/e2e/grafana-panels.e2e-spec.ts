import { readdirSync, readFileSync } from 'node:fs';
import { createClient } from '@change-ledger/event-store';
import path from 'node:path';
import { type Client } from 'pg';
import request from 'supertest';
import { REPO_ROOT } from '../support/app-process';
import { API } from '../support/change-request-fixtures';
import {
  type DashboardPopulation,
  recordDashboardPopulation,
} from '../support/dashboard-population';
import { bearer, useTestApi, movableClock } from '../support/test-api';

/**
 * Every SQL panel of the provisioned Grafana dashboards (deploy/grafana/dashboards), run as
 * Grafana runs it — its time macros replaced by the range, as the read-only ledger_dashboard role
 * — against read models the projector built from a known population; each panel's columns and
 * numbers are checked, the overview's against GET /metrics for the same range.
 */
const DASHBOARDS = path.join(REPO_ROOT, 'deploy/grafana/dashboards');

interface Panel {
  title: string;
  datasource: { type: string; uid: string };
  targets: Array<{ rawSql?: string; expr?: string; format?: string }>;
}
type Row = Record<string, unknown>;

const panels = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => {
    const board = JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as {
      panels: Panel[];
    };
    return board.panels.map((panel) => ({ file, panel }));
  });
const sqlPanels = panels.filter(({ panel }) => panel.datasource.uid === 'ledger-read-models');

describe('The Grafana dashboards’ SQL panels, on real read models', () => {
  let client: Client;
  let population: DashboardPopulation;
  let range: { from: string; to: string };
  const clock = movableClock();

  const ledger = useTestApi({ clock });
  beforeAll(async () => {
    population = await recordDashboardPopulation(ledger.app, clock);
    range = { from: '2000-01-01T00:00:00.000Z', to: clock.now().toISOString() };
    client = createClient('grafana-panels test', { connectionString: ledger.database.url });
    await client.connect();
    ledger.closeFirst(() => client.end());
    // What Grafana's login holds, and nothing more.
    await client.query('SET ROLE ledger_dashboard');
  }, 120_000);

  /**
   * Grafana's macros for the range, expanded as its PostgreSQL data source does: a quoted
   * RFC 3339 literal of no type (pkg/tsdb/grafana-postgresql-datasource/macros.go), which
   * compares with a column but cannot be subtracted from another, then the panel's query.
   */
  async function run(sql: string): Promise<{ columns: string[]; rows: Row[] }> {
    const query = sql
      .replaceAll('$__timeFrom()', `'${range.from}'`)
      .replaceAll('$__timeTo()', `'${range.to}'`);
    expect(query).not.toContain('$__');
    const result = await client.query(query);
    return { columns: result.fields.map((field) => field.name), rows: result.rows };
  }
  const metrics = async () =>
    (
      await request(ledger.app.getHttpServer())
        .get(`${API}/metrics`)
        .query(range)
        .set(bearer('auditor'))
    ).body as {
      key_metrics: Array<{ metric: string; value: number | null }>;
      dora: {
        deployment_frequency: { deployments: number; per_day: number };
        lead_time_for_changes: { median_hours: number };
        change_failure_rate: number;
        failed_deployment_recovery_time: { median_hours: number; rollbacks: number };
      };
      unauthorized_changes: { count: number };
    };
  const keyMetric = async (name: string) =>
    (await metrics()).key_metrics.find((metric) => metric.metric === name)!.value!;
  const sum = (rows: Row[], column: string) =>
    rows.reduce((total, row) => total + Number(row[column]), 0);

  /** Per panel: its columns, and what its numbers must be for the population. */
  const expected: Record<
    string,
    { columns: string[]; check: (rows: Row[]) => Promise<void> | void }
  > = {
    'change-management-overview.json/Change success rate': {
      columns: ['change_success_rate'],
      check: async ([row]) => {
        expect(row!.change_success_rate).toBe(0.5); // shipped completed, reverted rolled back
        expect(row!.change_success_rate).toBe(await keyMetric('change_success_rate'));
      },
    },
    'change-management-overview.json/Approval time, high priority': {
      columns: ['average_approval_time_high_priority'],
      check: async ([row]) => {
        expect(row!.average_approval_time_high_priority).toBeCloseTo(1.5, 2);
        expect(row!.average_approval_time_high_priority).toBeCloseTo(
          await keyMetric('average_approval_time_high_priority'),
          3,
        );
      },
    },
    'change-management-overview.json/Implementation time': {
      columns: ['average_implementation_time'],
      check: async ([row]) => {
        expect(row!.average_implementation_time).toBeCloseTo(1, 2); // 30 min monitoring + 30 min
        expect(row!.average_implementation_time).toBeCloseTo(
          await keyMetric('average_implementation_time'),
          3,
        );
      },
    },
    'change-management-overview.json/Rollback rate': {
      columns: ['rollback_rate'],
      check: async ([row]) => {
        expect(row!.rollback_rate).toBeCloseTo(1 / 3, 6); // reverted, of shipped, reverted, urgent
        expect(row!.rollback_rate).toBeCloseTo(await keyMetric('rollback_rate'), 4);
      },
    },
    'change-management-overview.json/Emergency change rate': {
      columns: ['emergency_change_rate'],
      check: async ([row]) => {
        expect(row!.emergency_change_rate).toBe(0.2);
        expect(row!.emergency_change_rate).toBe(await keyMetric('emergency_change_rate'));
      },
    },
    'change-management-overview.json/Unauthorized changes': {
      columns: ['unauthorized_changes'],
      check: async ([row]) => {
        expect(Number(row!.unauthorized_changes)).toBe(1);
        expect(Number(row!.unauthorized_changes)).toBe(
          (await metrics()).unauthorized_changes.count,
        );
      },
    },
    'change-management-overview.json/DORA: deployment frequency': {
      columns: ['deployments', 'per_day'],
      check: async ([row]) => {
        const dora = (await metrics()).dora.deployment_frequency;
        expect(Number(row!.deployments)).toBe(3);
        expect(Number(row!.deployments)).toBe(dora.deployments);
        expect(row!.per_day).toBeCloseTo(dora.per_day, 3);
      },
    },
    'change-management-overview.json/DORA: lead time for changes (median)': {
      columns: ['median_hours'],
      check: async ([row]) => {
        expect(row!.median_hours).toBeCloseTo(
          (await metrics()).dora.lead_time_for_changes.median_hours,
          3,
        );
      },
    },
    'change-management-overview.json/DORA: change failure rate': {
      columns: ['change_failure_rate'],
      check: async ([row]) => {
        expect(row!.change_failure_rate).toBe(0.5);
        expect(row!.change_failure_rate).toBe((await metrics()).dora.change_failure_rate);
      },
    },
    'change-management-overview.json/DORA: failed deployment recovery time (median)': {
      columns: ['median_hours', 'rollbacks'],
      check: async ([row]) => {
        const recovery = (await metrics()).dora.failed_deployment_recovery_time;
        expect(row!.median_hours).toBeCloseTo(1, 2);
        expect(row!.median_hours).toBeCloseTo(recovery.median_hours, 3);
        expect(Number(row!.rollbacks)).toBe(recovery.rollbacks);
      },
    },
    'change-management-overview.json/Outcomes by month (changes implemented)': {
      columns: ['time', 'completed', 'failed', 'rolled_back', 'in_progress'],
      check: (rows) => {
        expect(rows.every((row) => row.time instanceof Date)).toBe(true);
        expect(
          ['completed', 'failed', 'rolled_back', 'in_progress'].map((column) => sum(rows, column)),
        ).toEqual([1, 0, 1, 1]);
      },
    },
    'change-management-overview.json/Change requests by status and priority (created in the range)':
      {
        columns: ['status', 'priority', 'changes'],
        check: (rows) => {
          expect(rows.map((row) => [row.status, row.priority, Number(row.changes)])).toEqual([
            ['completed', 'high', 1],
            ['implementing', 'critical', 1],
            ['pending_approval', 'high', 1],
            ['pending_approval', 'low', 1],
            ['rolled_back', 'medium', 1],
          ]);
        },
      },
    'approvals-sla.json/Pending approvals by role': {
      columns: ['role', 'pending', 'overdue', 'escalated'],
      check: (rows) => {
        expect(
          rows.map((row) => [
            row.role,
            Number(row.pending),
            Number(row.overdue),
            Number(row.escalated),
          ]),
        ).toEqual([
          ['engineering-manager', 3, 1, 0],
          ['change-manager', 2, 1, 0],
          ['qa', 2, 1, 0],
          ['security-team', 1, 1, 0],
          ['ciso', 1, 0, 0],
          ['security-team-lead', 1, 0, 0],
        ]);
      },
    },
    'approvals-sla.json/Approvals overdue': {
      columns: ['overdue'],
      check: ([row]) => expect(Number(row!.overdue)).toBe(4), // `overdue`'s four roles, due after 24 h
    },
    'approvals-sla.json/Approved within the timeout': {
      columns: ['within_sla', 'approved'],
      check: ([row]) => {
        expect(row!.within_sla).toBe(1);
        expect(Number(row!.approved)).toBe(2); // shipped, reverted
      },
    },
    'approvals-sla.json/Mean approval time by priority': {
      columns: ['priority', 'approved', 'mean_hours'],
      check: (rows) => {
        expect(rows.map((row) => [row.priority, Number(row.approved), row.mean_hours])).toEqual([
          ['high', 1, 1.5],
          ['medium', 1, 0],
        ]);
      },
    },
    'approvals-sla.json/The queue, most urgent first (first 100)': {
      columns: [
        'change_request_id',
        'role',
        'title',
        'priority',
        'requester',
        'due_at',
        'overdue',
        'escalated',
      ],
      check: async (rows) => {
        expect(rows).toHaveLength(10);
        expect(rows.slice(0, 4).map((row) => [row.change_request_id, row.overdue])).toEqual(
          Array(4).fill([population.overdue, true]),
        );
        // The API's queue, in the same order.
        const api = await request(ledger.app.getHttpServer())
          .get(`${API}/approvals/pending`)
          .query({ limit: 200 })
          .set(bearer('auditor'));
        expect(rows.map((row) => `${row.change_request_id}/${row.role}`)).toEqual(
          api.body.pending.map((row: Row) => `${row.change_request_id}/${row.role}`),
        );
      },
    },
    'deployments-unauthorized.json/Deployments per day': {
      columns: ['time', 'approved_before', 'emergency', 'not_approved'],
      check: (rows) => {
        expect(
          ['approved_before', 'emergency', 'not_approved'].map((column) => sum(rows, column)),
        ).toEqual([2, 1, 0]);
      },
    },
    'deployments-unauthorized.json/Deployments by outcome': {
      columns: ['outcome', 'deployments'],
      check: (rows) => {
        expect(rows.map((row) => [row.outcome, Number(row.deployments)])).toEqual([
          ['in_progress', 1],
          ['rolled_back', 1],
          ['successful', 1],
        ]);
      },
    },
    'deployments-unauthorized.json/Unauthorized changes': {
      columns: ['unauthorized_changes'],
      check: ([row]) => expect(Number(row!.unauthorized_changes)).toBe(1),
    },
    'deployments-unauthorized.json/Open incident reviews': {
      columns: ['open_reviews', 'overdue_reviews'],
      check: ([row]) => {
        expect(Number(row!.open_reviews)).toBe(1);
        expect(Number(row!.overdue_reviews)).toBe(0); // due in 5 business days
      },
    },
    'deployments-unauthorized.json/Recent production deployments': {
      columns: [
        'deployed_at',
        'change_request_id',
        'title',
        'deployed_by',
        'outcome',
        'emergency',
        'approved_before_deployment',
      ],
      check: (rows) => {
        expect(
          rows.map((row) => [row.change_request_id, row.outcome, row.approved_before_deployment]),
        ).toEqual([
          [population.urgent, 'in_progress', false],
          [population.reverted, 'rolled_back', true],
          [population.shipped, 'successful', true],
        ]);
      },
    },
    'deployments-unauthorized.json/Unauthorized changes by service': {
      columns: ['service', 'unauthorized_changes', 'latest'],
      check: (rows) => {
        expect(rows.map((row) => [row.service, Number(row.unauthorized_changes)])).toEqual([
          ['billing', 1],
        ]);
      },
    },
    'deployments-unauthorized.json/Incidents': {
      columns: [
        'incident_id',
        'change_request_id',
        'severity',
        'review_due_at',
        'reviewed_at',
        'review_overdue',
      ],
      check: (rows) => {
        expect(
          rows.map((row) => [
            row.incident_id,
            row.change_request_id,
            row.severity,
            row.review_overdue,
          ]),
        ).toEqual([['INC-1', population.reverted, 'P2', false]]);
      },
    },
    'operations.json/Projections': {
      columns: [
        'projection',
        'events_applied',
        'last_event_recorded_at',
        'updated_at',
        'seconds_since_update',
      ],
      check: (rows) => {
        // Every projection the runner keeps; frozen-reports applies only retention runs (none here).
        expect(rows.map((row) => row.projection)).toEqual([
          'change-metrics',
          'change-requests',
          'ci-events',
          'frozen-reports',
          'standard-change-catalogue',
        ]);
        const applied = Object.fromEntries(
          rows.map((row) => [row.projection, Number(row.events_applied)]),
        );
        expect(applied['change-requests']).toBeGreaterThan(0);
        expect(applied['ci-events']).toBeGreaterThan(0);
        expect(applied['frozen-reports']).toBe(0);
      },
    },
    'operations.json/Parked events waiting': {
      columns: ['projection', 'parked'],
      check: (rows) => expect(rows).toEqual([]), // nothing this population could not apply
    },
    'operations.json/CI facts received, by kind': {
      columns: ['time', 'kind', 'facts'],
      check: (rows) => {
        expect(rows.map((row) => [row.kind, Number(row.facts)])).toEqual([['deployment', 1]]);
      },
    },
  };

  it('has a checked expectation for every SQL panel, and no other', () => {
    expect(sqlPanels.map(({ file, panel }) => `${file}/${panel.title}`).sort()).toEqual(
      Object.keys(expected).sort(),
    );
  });

  it.each(sqlPanels.map(({ file, panel }) => [`${file}/${panel.title}`, panel] as const))(
    '%s',
    async (key, panel) => {
      expect(panel.targets).toHaveLength(1);
      const { columns, rows } = await run(panel.targets[0]!.rawSql!);
      expect(columns).toEqual(expected[key]!.columns);
      await expected[key]!.check(rows);
    },
  );

  it('pages the approvals queue through its index', async () => {
    await client.query('SET enable_seqscan = off');
    const queue = sqlPanels.find(({ panel }) => panel.title.startsWith('The queue'))!.panel;
    const plan = await run(`EXPLAIN ${queue.targets[0]!.rawSql!}`);
    await client.query('RESET enable_seqscan');
    expect(JSON.stringify(plan.rows)).toContain('pending_approvals_queue');
  });

  it('refuses Grafana’s role anything but reading the read models', async () => {
    await expect(client.query('SELECT count(*) FROM ledger.events')).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      client.query(`UPDATE read_models.pending_approvals SET escalated = true`),
    ).rejects.toThrow(/permission denied/);
  });

  it('keeps the operations dashboard’s Prometheus panels on the metrics datasource', () => {
    const prometheus = panels.filter(({ panel }) => panel.datasource.type === 'prometheus');
    expect(prometheus.map(({ panel }) => panel.title)).toEqual([
      'Projection lag (events)',
      'Projection lag (seconds)',
      'Ingestion outcomes',
      'Dead letters',
    ]);
    for (const { panel } of prometheus)
      for (const target of panel.targets) expect(target.expr).toMatch(/ledger_[a-z_]+/);
  });
});
