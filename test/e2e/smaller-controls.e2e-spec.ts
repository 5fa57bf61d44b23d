import { type AddressInfo } from 'node:net';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, type Person, tokenOf, useTestApi } from '../support/test-api';

/**
 * Issue 25's smaller walk-arounds: a failure is known at once, a retried `ledger emit` is the same
 * event, and a pre-approved standard change took no approval time.
 */
describe('Verification, emit retries and approval-time metrics', () => {
  // A month of its own, so the monthly report counts only what this file files.
  let now = Date.parse('2024-03-04T09:00:00Z');
  const api = useTestApi({ clock: { now: () => new Date(now) } }, CLI_TEST_TIMEOUT_MS);
  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object = {}) =>
    http().post(`${API}/change-requests${path}`).set(bearer(who)).send(body);

  const approvedChange = async () => {
    const created = await post('', 'requester', {
      title: 'Raise the connection pool',
      description: 'From 10 to 20',
      change_type: 'configuration',
      priority: 'low',
      affected_systems: ['billing'],
      rollback_plan: completeRollbackPlan,
    }).expect(201);
    const id = created.body.change_request_id as string;
    for (const who of ['changeManager', 'manager', 'qa'] as const)
      await post(`/${id}/approve`, who, { approved: true }).expect(200);
    return id;
  };

  describe('when post-deployment verification fails', () => {
    it('is recorded at once: the monitoring minimum applies to a passed verification', async () => {
      const id = await approvedChange();
      await post(`/${id}/implement`, 'implementer').expect(200);
      const failed = await post(`/${id}/verify`, 'implementer', {
        outcome: 'failed',
        monitoring_minutes: 0,
        checks: ['error rate'],
        notes: 'Error rate at 30% right after the deployment',
      }).expect(200);
      expect(failed.body.verification).toMatchObject({ outcome: 'failed', monitoring_minutes: 0 });
      await post(`/${id}/rollback`, 'implementer', {
        reason: 'Verification failed',
        incident_id: `INC-${id}`,
      }).expect(200);
    });

    it('still holds a passed verification to the monitoring minimum and a failed one to the clock', async () => {
      const id = await approvedChange();
      await post(`/${id}/implement`, 'implementer').expect(200);
      const early = await post(`/${id}/verify`, 'implementer', {
        outcome: 'passed',
        monitoring_minutes: 0,
      }).expect(400);
      expect(early.body.errors).toEqual([expect.objectContaining({ field: 'monitoring_minutes' })]);
      const claimed = await post(`/${id}/verify`, 'implementer', {
        outcome: 'failed',
        monitoring_minutes: 10,
      }).expect(400);
      expect(claimed.body.errors).toEqual([
        expect.objectContaining({ field: 'monitoring_minutes' }),
      ]);
    });
  });

  describe('when a CI job retries `ledger emit` with the same --id', () => {
    const cloudEvent = (time: string) => ({
      specversion: '1.0',
      id: 'tests-4711',
      source: 'github.com/acme/billing/actions',
      type: 'dev.cdevents.testsuiterun.finished.0.3.0',
      time,
      datacontenttype: 'application/json',
      data: {
        context: {
          specversion: '0.5.0',
          id: 'tests-4711',
          source: 'github.com/acme/billing/actions',
          type: 'dev.cdevents.testsuiterun.finished.0.3.0',
          timestamp: time,
        },
        // CDEvents v0.5 says success (pass was v0.4's word, refused in a v0.5 event: ADR 0025).
        subject: { id: 'unit-4711', content: { outcome: 'success', testSuite: { id: 'unit' } } },
        customData: {},
      },
    });
    const send = (body: object) =>
      http()
        .post('/api/v1/ingest/events')
        .set(bearer('pipeline'))
        .set('content-type', 'application/cloudevents+json')
        .send(JSON.stringify(body))
        .expect(202);

    it('takes a redelivery stamped with a later time as a duplicate', async () => {
      const first = await send(cloudEvent('2024-03-04T08:59:00.000Z'));
      expect(first.body.outcome).toBe('recorded');
      const retried = await send(cloudEvent('2024-03-04T08:59:04.512Z'));
      expect(retried.body.outcome).toBe('duplicate');
      // Anything else that differs is still a conflict, recorded beside the first.
      const other = cloudEvent('2024-03-04T08:59:00.000Z');
      other.data.subject.content.outcome = 'failure';
      expect((await send(other)).body.outcome).toBe('conflict');
    });

    it(
      'records the CLI retry once',
      async () => {
        await api.app.listen(0);
        const url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
        const emit = () =>
          runLedgerCli(
            [
              'emit',
              'testsuiterun.finished',
              '--source',
              'github.com/acme/billing/actions',
              '--id',
              'tests-4712',
              '--subject',
              'unit-4712',
              '--test-suite',
              'unit',
              '--outcome',
              'pass',
            ],
            { LEDGER_URL: url, LEDGER_TOKEN: tokenOf('pipeline') },
          );
        const first = await emit();
        expect(first.status).toBe(0);
        expect(JSON.parse(first.stdout)).toMatchObject({ outcome: 'recorded' });
        const retried = await emit();
        expect(retried.status).toBe(0);
        expect(JSON.parse(retried.stdout)).toMatchObject({ outcome: 'duplicate' });
      },
      CLI_TEST_TIMEOUT_MS,
    );
  });

  describe('when a standard change is pre-approved', () => {
    it('is left out of the approval times, and the metrics say so', async () => {
      // A month of its own: one normal change approved 12 hours after submission, one standard.
      now = Date.parse('2024-04-01T09:00:00Z');
      const normal = await post('', 'requester', {
        title: 'Rename the invoice queue',
        description: 'billing-invoices to invoices',
        change_type: 'configuration',
        priority: 'low',
        affected_systems: ['billing'],
      }).expect(201);
      now = Date.parse('2024-04-01T21:00:00Z');
      for (const who of ['changeManager', 'manager', 'qa'] as const)
        await post(`/${normal.body.change_request_id}/approve`, who, { approved: true }).expect(
          200,
        );
      const standard = await post('', 'requester', {
        title: 'Bump lodash',
        description: '4.17.20 to 4.17.21',
        change_type: 'bugfix',
        priority: 'low',
        category: 'standard',
        standard_template_id: 'dependency-update',
        affected_systems: ['billing'],
        // What the template asks of an instance (ADR 0021): its risk at most low, a test plan.
        risk_level: 'low',
        test_plan: 'The suite is green on the new version',
      }).expect(201);
      expect(standard.body.status).toBe('approved');
      const report = await http()
        .get(`${API}/reports/monthly`)
        .query({ period: '2024-04', min_position: standard.body.position })
        .set(bearer('auditor'))
        .expect(200);
      expect(report.body).toMatchObject({ total_changes: 2, average_approval_time: '12h' });
      const metrics = await http()
        .get(`${API}/metrics`)
        .query({ from: '2024-04-01T00:00:00Z', to: '2024-05-01T00:00:00Z' })
        .set(bearer('auditor'))
        .expect(200);
      const highPriority = metrics.body.key_metrics.find(
        (metric: { metric: string }) => metric.metric === 'average_approval_time_high_priority',
      );
      expect(highPriority.definition).toMatch(/standard changes.*left out/);
    });
  });
});
