import { createHmac } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import { bearer, useTestApi, tokenOf } from '../support/test-api';

const GITHUB_SECRET = 'github-webhook-secret-0123456789';
const GITLAB_TOKEN = 'gitlab-webhook-token-0123456789';
const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';

describe('CI over HTTP: webhooks, native events, the deploy gate and the CLI', () => {
  const api = useTestApi(
    { webhooks: { github: GITHUB_SECRET, gitlab: GITLAB_TOKEN } },
    CLI_TEST_TIMEOUT_MS,
  );
  let changeRequestId: string;
  beforeAll(async () => {
    await api.app.listen(0);
    changeRequestId = await createApprovedChange(api.app, {
      title: 'Rotate signing keys',
      links: { commit_sha: SHA },
    });
  }, CLI_TEST_TIMEOUT_MS);

  const http = () => request(api.app.getHttpServer());

  const gitHubStatus = (id: number, state: string, environment = 'production') =>
    JSON.stringify({
      deployment_status: {
        id,
        state,
        environment,
        created_at: '2026-11-20T10:15:00Z',
        creator: { login: 'octocat' },
      },
      deployment: { id: 7, sha: SHA, ref: 'main', task: 'deploy', environment, payload: {} },
      repository: { full_name: 'acme/auth' },
    });
  /** A native CI event from the pipeline's own credential, from its GitHub Actions source. */
  const sendAsPipeline = (event: Record<string, unknown>) =>
    http()
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ source: 'github.com/acme/auth/actions', ...event }));
  const signed = (body: string, secret = GITHUB_SECRET) =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('gates production: deny with every missing gate and its reason', async () => {
    const gates = await http()
      .get(`${API}/change-requests/${changeRequestId}/gates`)
      .query({ environment: 'production' })
      .set(bearer('implementer'))
      .expect(200);
    expect(gates.body).toMatchObject({
      change_request_id: changeRequestId,
      environment: 'production',
      decision: 'deny',
    });
    expect(
      Object.fromEntries(
        gates.body.gates.map((gate: { gate: string; status: string }) => [gate.gate, gate.status]),
      ),
    ).toEqual({
      code_review: 'failed',
      automated_tests: 'failed',
      security_scan: 'failed',
      staging_validation: 'failed',
      rollback_plan: 'passed',
      approval: 'passed',
      deployment_window: 'not_applicable',
    });
    // No environment asked: production, the one the gate exists for; a malformed one is named.
    const unnamed = await http()
      .get(`${API}/change-requests/${changeRequestId}/gates`)
      .set(bearer('implementer'))
      .expect(200);
    expect(unnamed.body.environment).toBe('production');
    const malformed = await http()
      .get(`${API}/change-requests/${changeRequestId}/gates`)
      .query({ environment: 'prod uction' })
      .set(bearer('implementer'))
      .expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'environment', reason: expect.any(String) }]);
  });

  it('takes native events from an authenticated pipeline, as evidence for the gate', async () => {
    const sent = await sendAsPipeline({
      id: 'tests-41',
      type: 'test_run',
      occurred_at: '2026-11-20T09:00:00Z',
      change_request_id: changeRequestId,
      outcome: 'success',
      tests: { total: 312, failed: 0 },
    }).expect(202);
    expect(sent.body).toMatchObject({
      outcome: 'recorded',
      change_request_id: changeRequestId,
      linked_by: 'change_request_id',
    });
    const gates = await http()
      .get(`${API}/change-requests/${changeRequestId}/gates`)
      .query({ environment: 'production' })
      .set(bearer('implementer'))
      .expect(200);
    expect(
      gates.body.gates.find((gate: { gate: string }) => gate.gate === 'automated_tests'),
    ).toMatchObject({
      status: 'passed',
      evidence: { source: 'github.com/acme/auth/actions', id: 'tests-41' },
    });

    const bad = await http()
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send('{"source":"ci","id":"x","type":"deploy","occurred_at":"2026-11-20T09:00:00Z"}')
      .expect(422);
    expect(bad.body.errors).toEqual([
      { field: 'type', reason: expect.stringMatching(/^must be one of deployment/) },
    ]);
    await http().post('/api/v1/ingest/events').set(bearer('auditor')).send('{}').expect(403);
    await http().post('/api/v1/ingest/events').send('{}').expect(401);
  });

  it('records a signed GitHub deployment_status, linked by its commit, and starts the implementation', async () => {
    const body = gitHubStatus(9001, 'success');
    const recorded = await http()
      .post('/api/v1/ingest/github')
      .set('x-github-event', 'deployment_status')
      .set('x-github-delivery', 'delivery-9001')
      .set('x-hub-signature-256', signed(body))
      .set('content-type', 'application/json')
      .send(body)
      .expect(202);
    expect(recorded.body).toMatchObject({
      outcome: 'recorded',
      source: 'github.com/acme/auth',
      change_request_id: changeRequestId,
      linked_by: 'commit_sha',
      // Approved, but with no review, scan or staging run recorded the deploy gate denies it: an
      // unauthorized change, and the change is in production all the same (ADR 0022).
      authorized: false,
      reason: expect.stringMatching(/^the deploy gate denied it \(003 §3\): code_review: /),
      gate: { decision: 'deny' },
    });
    // The delivery's events under the log's signed receipt (ADR 0019).
    expect(recorded.body.receipt).toMatch(
      /^test\.example\/log\nchange-ledger\/receipt\/v1\ninclude-by \d+\n(event \S+ [0-9a-f]{64} \d+\n)+\n/,
    );
    const change = await http()
      .get(`${API}/change-requests/${changeRequestId}`)
      .set(bearer('auditor'))
      .expect(200);
    expect(change.body.status).toBe('implementing');

    const again = await http()
      .post('/api/v1/ingest/github')
      .set('x-github-event', 'deployment_status')
      .set('x-hub-signature-256', signed(body))
      .send(body)
      .expect(202);
    expect(again.body.outcome).toBe('duplicate');
    expect(again.body).toMatchObject({
      receipt: null,
      receipt_unavailable: 'this request recorded no new event',
    });

    await http()
      .post('/api/v1/ingest/github')
      .set('x-github-event', 'deployment_status')
      .set('x-hub-signature-256', signed(body, 'another-secret-0123456789'))
      .send(body)
      .expect(401);
    const pending = await http()
      .post('/api/v1/ingest/github')
      .set('x-github-event', 'deployment_status')
      .set('x-hub-signature-256', signed(gitHubStatus(9002, 'in_progress')))
      .send(gitHubStatus(9002, 'in_progress'))
      .expect(202);
    expect(pending.body).toEqual({
      outcome: 'ignored',
      reason: 'deployment_status in_progress is not final',
      // Nothing was recorded, so there is no receipt, and the answer says so (ADR 0019).
      receipt: null,
      receipt_unavailable: 'this request recorded no new event',
    });
  });

  // A CI credential controls the time its events report. What a deployment starts (the
  // implementation, and the monitoring a passed verification must follow) runs on the ledger's
  // clock: a deployment dated three hours back does not make an hour of monitoring pass at once.
  it('starts an implementation when the ledger learns of the deployment, not when the report says', async () => {
    const id = await createApprovedChange(api.app, {
      title: 'Backdated deployment',
      links: { commit_sha: 'b4c0da7ed00000000000000000000000000000aa' },
    });
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    await sendAsPipeline({
      id: 'deploy-backdated-1',
      type: 'deployment',
      environment: 'production',
      occurred_at: threeHoursAgo,
      change_request_id: id,
      outcome: 'success',
    }).expect(202);
    const change = await http().get(`${API}/change-requests/${id}`).set(bearer('auditor'));
    expect(change.body.status).toBe('implementing');
    expect(Date.now() - Date.parse(change.body.implementation_started)).toBeLessThan(60_000);

    const verified = await http()
      .post(`${API}/change-requests/${id}/verify`)
      .set(bearer('implementer'))
      .send({ outcome: 'passed', monitoring_minutes: 60, checks: ['error rate'] })
      .expect(400);
    expect(JSON.stringify(verified.body)).toContain('cannot have passed');
  });

  // An insider with read access and the delivery's body and signature could try weak webhook
  // secrets offline until one matches, then sign deployments of their own.
  it("shows a GitHub delivery's signature to auditors only, and says it was withheld", async () => {
    const body = gitHubStatus(9101, 'success', 'staging');
    const recorded = await http()
      .post('/api/v1/ingest/github')
      .set('x-github-event', 'deployment_status')
      .set('x-github-delivery', 'delivery-9101')
      .set('x-hub-signature-256', signed(body))
      .set('content-type', 'application/json')
      .send(body)
      .expect(202);
    const fact = `/api/v1/ci-events/${encodeURIComponent(recorded.body.source)}/${encodeURIComponent(recorded.body.id)}`;

    const asReader = await http().get(fact).set(bearer('requester')).expect(200);
    for (const raw of [asReader.body.raw, asReader.body.deliveries[0].raw]) {
      expect(raw.headers).not.toHaveProperty('x-hub-signature-256');
      expect(raw.headers).toMatchObject({ 'x-github-delivery': 'delivery-9101' });
      expect(raw.withheldHeaders).toEqual(['x-hub-signature-256']);
    }
    const asAuditor = await http().get(fact).set(bearer('auditor')).expect(200);
    expect(asAuditor.body.raw.headers['x-hub-signature-256']).toBe(signed(body));
    expect(asAuditor.body.raw).not.toHaveProperty('withheldHeaders');
  });

  it('flags a GitLab production deployment no change request covers', async () => {
    const body = JSON.stringify({
      object_kind: 'deployment',
      status: 'success',
      status_changed_at: '2026-11-20 11:15:00 +0100',
      deployment_id: 15,
      environment: 'production',
      project: { path_with_namespace: 'acme/billing' },
      short_sha: 'a1b2c3d4',
      user: { username: 'mallory' },
    });
    await http()
      .post('/api/v1/ingest/gitlab')
      .set('x-gitlab-event', 'Deployment Hook')
      .send(body)
      .expect(401);
    const recorded = await http()
      .post('/api/v1/ingest/gitlab')
      .set('x-gitlab-event', 'Deployment Hook')
      .set('x-gitlab-token', GITLAB_TOKEN)
      .send(body)
      .expect(202);
    expect(recorded.body).toMatchObject({
      outcome: 'recorded',
      change_request_id: null,
      authorized: false,
      reason: expect.stringMatching(/no change request covers it/),
    });
  });

  it(
    'answers `ledger gate` with the reasons and exit code 3 on deny, and `ledger emit` sends a CDEvent',
    async () => {
      const url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
      const cli = (...args: string[]) =>
        runLedgerCli(args, { LEDGER_URL: url, LEDGER_TOKEN: tokenOf('pipeline') });

      const emitted = await cli(
        'emit',
        'testsuiterun.finished',
        '--source',
        'github.com/acme/auth/actions',
        '--id',
        'sast-7',
        '--subject',
        'sast-run-7',
        '--test-suite',
        'sast',
        '--environment',
        'ci',
        '--outcome',
        'success',
        '--findings',
        'critical=0,high=0',
        '--change-request',
        changeRequestId,
      );
      expect(emitted.status).toBe(0);
      expect(JSON.parse(emitted.stdout)).toMatchObject({
        outcome: 'recorded',
        kind: 'security_scan',
      });

      const gate = await cli('gate', changeRequestId, '--environment', 'production');
      expect(gate.status).toBe(3);
      expect(gate.stdout).toMatch(/✘ code_review: .*senior/);
      expect(gate.stdout).toMatch(/✔ security_scan: /);
      expect(gate.stdout).toMatch(new RegExp(`deny ${changeRequestId} → production`));
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
