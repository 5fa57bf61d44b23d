import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi, type Person } from '../support/test-api';

describe('Reports and metrics API', () => {
  let now = Date.parse('2025-01-10T00:00:00Z');
  const at = (iso: string) => (now = Date.parse(iso));
  const api = useTestApi({ clock: { now: () => new Date(now) } });

  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object) =>
    http()
      .post(`${API}/change-requests${path}`)
      .set(bearer(who))
      .send(body)
      .expect((response) => expect(response.status).toBeLessThan(300));
  let lastPosition = '';

  beforeAll(async () => {
    // A: high priority, submitted Jan 10 00:00, fully approved at 12:00, implemented Jan 11 00:00, completed at 03:00.
    at('2025-01-10T00:00:00Z');
    const a = (
      await post('', 'requester', {
        title: 'A',
        description: 'a',
        change_type: 'feature',
        priority: 'high',
        affected_systems: ['x'],
        rollback_plan: completeRollbackPlan,
      })
    ).body.change_request_id;
    at('2025-01-10T06:00:00Z');
    await post(`/${a}/approve`, 'securityTeam', { approved: true });
    await post(`/${a}/approve`, 'manager', { approved: true });
    await post(`/${a}/approve`, 'changeManager', { approved: true });
    at('2025-01-10T12:00:00Z');
    await post(`/${a}/approve`, 'qa', { approved: true });
    at('2025-01-11T00:00:00Z');
    await post(`/${a}/implement`, 'implementer', {});
    at('2025-01-11T00:30:00Z'); // after the 30 minutes of monitoring it reports
    await post(`/${a}/verify`, 'implementer', { outcome: 'passed', monitoring_minutes: 30 });
    at('2025-01-11T03:00:00Z');
    await post(`/${a}/complete`, 'implementer', { status: 'completed' });
    // B: low priority, still pending.
    at('2025-01-20T00:00:00Z');
    await post('', 'requester', {
      title: 'B',
      description: 'b',
      change_type: 'bugfix',
      priority: 'low',
      affected_systems: ['y'],
    });
    // E: an emergency on Feb 3, implemented at once, never documented.
    at('2025-02-03T09:00:00Z');
    const e = (
      await post('/emergency', 'requester', {
        title: 'E',
        description: 'e',
        change_type: 'security',
        priority: 'critical',
        affected_systems: ['auth'],
      })
    ).body.change_request_id;
    lastPosition = (await post(`/${e}/implement`, 'implementer', {})).body.position;
  });

  it("answers 004's monthly report", async () => {
    const report = await http()
      .get(`${API}/reports/monthly`)
      .query({ period: '2025-01', min_position: lastPosition })
      .set(bearer('auditor'))
      .expect(200);
    expect(report.body).toEqual({
      report_period: '2025-01',
      total_changes: 2,
      by_status: {
        pending: 1,
        approved: 0,
        implementing: 0,
        completed: 1,
        rejected: 0,
        failed: 0,
        rolled_back: 0,
        cancelled: 0,
      },
      by_priority: { critical: 0, high: 1, medium: 0, low: 1 },
      by_type: { security: 0, feature: 1, bugfix: 1, infrastructure: 0, configuration: 0 },
      average_approval_time: '12h',
      average_implementation_time: '3h',
    });
  });

  it('answers the key metrics against their targets, and DORA', async () => {
    const metrics = await http()
      .get(`${API}/metrics`)
      .query({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })
      .set(bearer('auditor'))
      .expect(200);
    const byName = Object.fromEntries(
      metrics.body.key_metrics.map((metric: { metric: string }) => [metric.metric, metric]),
    );
    expect(byName.change_success_rate).toMatchObject({ value: 1, met: true, sample_size: 1 });
    expect(byName.average_approval_time_high_priority).toMatchObject({ value: 12, met: true });
    expect(byName.average_implementation_time).toMatchObject({ value: 3, met: true });
    expect(byName.emergency_change_rate).toMatchObject({ value: 0, met: true, sample_size: 2 });
    expect(metrics.body.dora).toMatchObject({
      deployment_frequency: { deployments: 1 },
      lead_time_for_changes: { median_hours: 24 },
      change_failure_rate: 0,
    });
  });

  it('answers the quarterly emergency report', async () => {
    at('2025-02-04T09:00:01Z'); // just past the 24 hours after implementation
    const report = await http()
      .get(`${API}/reports/emergency`)
      .query({ quarter: '2025-Q1' })
      .set(bearer('auditor'))
      .expect(200);
    expect(report.body).toMatchObject({
      total_emergency_changes: 1,
      documentation_within_24h: { missed: 1 },
      awaiting_approval: 1,
    });
  });

  it('refuses a malformed period or quarter with the field', async () => {
    const month = await http()
      .get(`${API}/reports/monthly`)
      .query({ period: '2025-13' })
      .set(bearer('auditor'))
      .expect(400);
    expect(month.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);
    const quarter = await http()
      .get(`${API}/reports/emergency`)
      .query({ quarter: '2025-Q5' })
      .set(bearer('auditor'))
      .expect(400);
    expect(quarter.body.errors).toEqual([expect.objectContaining({ field: 'quarter' })]);
  });
});
