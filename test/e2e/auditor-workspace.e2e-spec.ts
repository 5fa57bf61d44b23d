import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, bootTestApi, type Person } from '../support/test-api';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

/**
 * Issue 13, the auditor's workspace, over one period (March 2026) holding a normal change, an
 * emergency change, a rolled-back change and an unauthorized production deployment.
 */
describe("The auditor's workspace", () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let now = Date.parse('2026-03-02T09:00:00Z');
  const at = (iso: string) => (now = Date.parse(iso));
  const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
  const ids = { normal: '', emergency: '', rolledBack: '', pending: '' };
  let lastPosition = '';

  const http = () => request(app.getHttpServer());
  const post = async (path: string, who: Person, body: object) => {
    const response = await http().post(`${API}/change-requests${path}`).set(bearer(who)).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
    if (response.body.position) lastPosition = response.body.position;
    return response.body;
  };
  const content = (title: string) => ({
    title,
    description: `${title}, described`,
    change_type: 'feature',
    priority: 'high',
    affected_systems: ['checkout'],
    risk_level: 'medium',
    risk_assessment: 'A <b>bold</b> claim & a "quoted" one',
    test_plan: 'The suite CI runs',
    rollback_plan: completeRollbackPlan,
  });
  const approveAll = async (id: string) => {
    for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const)
      await post(`/${id}/approve`, who, { approved: true, comments: `ok from ${who}` });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await bootTestApi({ databaseUrl: database.url, clock: { now: () => new Date(now) } });

    at('2026-03-02T09:00:00Z');
    ids.normal = (await post('', 'requester', content('Normal'))).change_request_id;
    await approveAll(ids.normal);
    at('2026-03-03T09:00:00Z');
    await post(`/${ids.normal}/implement`, 'implementer', {});
    at('2026-03-03T10:00:00Z');
    await post(`/${ids.normal}/verify`, 'implementer', {
      outcome: 'passed',
      monitoring_minutes: 30,
    });
    await post(`/${ids.normal}/complete`, 'implementer', { status: 'completed' });

    at('2026-03-05T02:00:00Z');
    ids.emergency = (
      await post('/emergency', 'requester', { ...content('Emergency'), priority: 'critical' })
    ).change_request_id;
    await post(`/${ids.emergency}/implement`, 'implementer', {});

    at('2026-03-10T09:00:00Z');
    ids.rolledBack = (await post('', 'requester', content('Rolled back'))).change_request_id;
    await approveAll(ids.rolledBack);
    at('2026-03-11T09:00:00Z');
    await post(`/${ids.rolledBack}/implement`, 'implementer', {});
    at('2026-03-11T09:20:00Z');
    await post(`/${ids.rolledBack}/rollback`, 'implementer', {
      reason: 'errors rose',
      incident_id: 'INC-7',
      severity: 'P2',
    });

    // Never deployed: not in the population.
    ids.pending = (await post('', 'requester', content('Pending'))).change_request_id;

    at('2026-03-12T09:00:00Z');
    await http()
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          source: 'github.com/acme/checkout/actions',
          id: 'deploy-77',
          type: 'deployment',
          occurred_at: '2026-03-12T08:59:00Z',
          environment: 'production',
          service: 'checkout',
          outcome: 'success',
        }),
      )
      .expect(202);
    // The read models have caught up with every write above.
    await http()
      .get(`${API}/change-requests`)
      .query({ min_position: lastPosition })
      .set(bearer('auditor'))
      .expect(200);
    await waitFor(async () => {
      const listed = await http()
        .get(`${API}/unauthorized-changes`)
        .query(period)
        .set(bearer('auditor'));
      return listed.body.unauthorized_changes?.length === 1;
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  describe('as of a time', () => {
    it('shows the change pending before an approval and approved after it', async () => {
      const history = await http()
        .get(`${API}/change-requests/${ids.normal}/history`)
        .set(bearer('auditor'))
        .expect(200);
      const approvals = history.body.history.filter(
        (entry: { event_type: string }) => entry.event_type === 'ChangeApproved',
      );
      const lastApproval = approvals[approvals.length - 1];
      const before = await http()
        .get(`${API}/change-requests/${ids.normal}`)
        .query({ as_of: lastApproval.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      expect(before.body).toMatchObject({ status: 'pending_approval', approval_status: 'pending' });
      expect(before.body.approvals).toHaveLength(3);
      const after = await http()
        .get(`${API}/change-requests/${ids.normal}`)
        .query({ as_of: new Date(Date.parse(lastApproval.recorded_at) + 1).toISOString() })
        .set(bearer('auditor'))
        .expect(200);
      expect(after.body).toMatchObject({ approval_status: 'approved' });
      const earlyHistory = await http()
        .get(`${API}/change-requests/${ids.normal}/history`)
        .query({ as_of: lastApproval.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      expect(earlyHistory.body.history).toHaveLength(lastApproval.revision);
      await http()
        .get(`${API}/change-requests/${ids.normal}`)
        .query({ as_of: '2020-01-01T00:00:00Z' })
        .set(bearer('auditor'))
        .expect(404);
      const bad = await http()
        .get(`${API}/change-requests/${ids.normal}/history`)
        .query({ as_of: 'yesterday' })
        .set(bearer('auditor'))
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'as_of', reason: expect.any(String) }]);
    });

    it('replays the history with each transition on the command line', async () => {
      const result = await runLedgerCli(['replay', ids.rolledBack, '--json'], {
        DATABASE_URL: database.url,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const replayed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
      expect(replayed[0]).toMatchObject({ status_before: 'absent', status_after: 'draft' });
      expect(replayed.at(-1)).toMatchObject({ event_type: 'IncidentRecorded' });
      expect(replayed.map((entry) => entry.status_after)).toContain('rolled_back');
    });
  });

  describe('the population', () => {
    it('lists every change deployed or closed in the period, marked, with totals that tie out', async () => {
      const population = await http()
        .get('/api/v1/audit/population')
        .query(period)
        .set(bearer('auditor'))
        .expect(200);
      const byId = Object.fromEntries(
        population.body.members.map((member: { id: string }) => [member.id, member]),
      );
      expect(Object.keys(byId)).toHaveLength(4);
      expect(byId[ids.normal]).toMatchObject({ outcome: 'successful', emergency: false });
      expect(byId[ids.emergency]).toMatchObject({ emergency: true, in_change_log: true });
      expect(byId[ids.rolledBack]).toMatchObject({ outcome: 'rolled_back', incidents: ['INC-7'] });
      expect(byId['ci:github.com/acme/checkout/actions#deploy-77']).toMatchObject({
        kind: 'unauthorized_deployment',
        unauthorized: true,
      });
      expect(byId[ids.pending]).toBeUndefined();

      const changeLog = await http()
        .get(`${API}/change-log`)
        .query(period)
        .set(bearer('auditor'))
        .expect(200);
      const metrics = await http().get(`${API}/metrics`).query(period).set(bearer('auditor'));
      const metric = (name: string) =>
        metrics.body.key_metrics.find((candidate: { metric: string }) => candidate.metric === name);
      const { totals } = population.body;
      expect(totals).toMatchObject({
        members: 4,
        change_requests: 3,
        emergency: 1,
        unauthorized: 1,
      });
      expect(totals.deployed).toBe(changeLog.body.entries.length);
      expect(totals.deployed).toBe(metrics.body.dora.deployment_frequency.deployments);
      expect(totals.deployed).toBe(metric('rollback_rate').sample_size);
      expect(totals.with_outcome).toBe(metric('change_success_rate').sample_size);
      expect(totals.completed_in_period).toBe(metric('average_implementation_time').sample_size);
      expect(totals.unauthorized).toBe(metrics.body.unauthorized_changes.count);

      const csv = await http()
        .get('/api/v1/audit/population')
        .query({ ...period, format: 'csv' })
        .set(bearer('auditor'))
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.trim().split('\n')).toHaveLength(5);
    });

    it('as of an earlier instant, and in the change log too', async () => {
      const history = await http()
        .get(`${API}/change-requests/${ids.rolledBack}/history`)
        .set(bearer('auditor'))
        .expect(200);
      const rollback = history.body.history.find(
        (entry: { event_type: string }) => entry.event_type === 'ChangeRolledBack',
      );
      const population = await http()
        .get('/api/v1/audit/population')
        .query({ ...period, as_of: rollback.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      const member = population.body.members.find(
        (candidate: { id: string }) => candidate.id === ids.rolledBack,
      );
      expect(member).toMatchObject({ status: 'implementing', outcome: 'in_progress' });
      expect(population.body.totals.unauthorized).toBe(0);
      const changeLog = await http()
        .get(`${API}/change-log`)
        .query({ ...period, as_of: rollback.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      expect(
        changeLog.body.entries.find(
          (entry: { change_id: string }) => entry.change_id === ids.rolledBack,
        ),
      ).toMatchObject({ outcome: 'in_progress' });
    });

    it('is for auditors only', async () => {
      await http().get('/api/v1/audit/population').query(period).set(bearer('manager')).expect(403);
      await http().get('/api/v1/audit/population').query(period).expect(401);
      const bad = await http()
        .get('/api/v1/audit/population')
        .query({ from: period.to, to: period.from })
        .set(bearer('auditor'))
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'to', reason: 'must be after from' }]);
    });
  });

  describe('a sample', () => {
    it('is the same for the same seed over the same population, and recorded', async () => {
      const ask = () =>
        http()
          .post('/api/v1/audit/samples')
          .set(bearer('auditor'))
          .send({ ...period, seed: 'audit-2026-q1', sizes: { normal: 1, emergency: 1 } })
          .expect(201);
      const first = (await ask()).body;
      const second = (await ask()).body;
      expect(second.sample_id).not.toBe(first.sample_id);
      expect(second.strata).toEqual(first.strata);
      expect(first.strata).toEqual([
        expect.objectContaining({
          stratum: 'normal',
          population_size: 2,
          selected: [expect.anything()],
        }),
        expect.objectContaining({
          stratum: 'emergency',
          population_size: 1,
          selected: [expect.objectContaining({ id: ids.emergency })],
        }),
      ]);
      const stored = await http()
        .get(`/api/v1/audit/samples/${first.sample_id}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(stored.body).toEqual(first);
      const other = await http()
        .post('/api/v1/audit/samples')
        .set(bearer('auditor'))
        .send({ ...period, seed: 'another', size: 4 })
        .expect(201);
      expect(other.body.strata[0].selected).toHaveLength(4);
      await http()
        .post('/api/v1/audit/samples')
        .set(bearer('manager'))
        .send({ ...period, seed: 's', size: 1 })
        .expect(403);
      const bad = await http()
        .post('/api/v1/audit/samples')
        .set(bearer('auditor'))
        .send({ ...period, seed: 's', size: 0 })
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'size', reason: expect.any(String) }]);
    });
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never held');
}
