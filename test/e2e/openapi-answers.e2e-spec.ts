import { createHmac } from 'node:crypto';
import request, { type Response } from 'supertest';
import { API, completeRollbackPlan, lowPriorityChange } from '../support/change-request-fixtures';
import {
  type DashboardPopulation,
  recordDashboardPopulation,
} from '../support/dashboard-population';
import {
  documentedAnswers,
  type DocumentedAnswers,
  readOpenApiDocument,
} from '../support/openapi-answers';
import { bearer, movableClock, type Person, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

/**
 * docs/openapi.json says what each route answers, and the page's types (apps/web/src/api-types.ts)
 * are generated from it: here the booted API's real answers, over the dashboards' population,
 * are held to it. A schema the server does not honour — a field it leaves out, one it adds, a
 * type or a null it does not keep — fails here.
 */
describe('The answers, as docs/openapi.json documents them', () => {
  let population: DashboardPopulation;
  let answers: DocumentedAnswers;
  const clock = movableClock();
  const api = useTestApi(
    () =>
      Promise.resolve({
        clock,
        log: { intervalMs: 100 },
        webhooks: { github: GITHUB_SECRET, gitlab: GITLAB_TOKEN },
      }),
    120_000,
  );
  beforeAll(async () => {
    population = await recordDashboardPopulation(api.app, clock);
    answers = documentedAnswers();
  }, 120_000);
  const changes = () => [
    population.overdue,
    population.shipped,
    population.reverted,
    population.urgent,
    population.waiting,
  ];
  const everything = { from: '2000-01-01', to: '2100-01-01' };

  const get = async (
    path: string,
    query: Record<string, string | number> = {},
    who: Person = 'auditor',
  ): Promise<Response> => {
    const response = await request(api.app.getHttpServer()).get(path).query(query).set(bearer(who));
    answers.expectDocumented(response);
    return response;
  };

  it('who am I: a person, a read-only auditor, a service', async () => {
    for (const who of ['auditor', 'twoHats', 'pipeline'] as const) await get('/api/v1/me', {}, who);
  });

  it('the overview: metrics for a period and for the current month, and the change list', async () => {
    await get(`${API}/metrics`, everything);
    await get(`${API}/metrics`, { ...everything, priority: 'high', affected_system: 'search' });
    // Neither bound: the current month, said in `period`.
    expect((await get(`${API}/metrics`)).body.period).toBeDefined();
    const first = await get(`${API}/change-requests`, { limit: 2 });
    expect(first.body.next_cursor).not.toBeNull();
    await get(`${API}/change-requests`, { limit: 200, cursor: first.body.next_cursor });
    await get(`${API}/change-requests`, { status: 'rolled_back', q: 'search' });
  });

  it('each change request: itself, as it was, its history, its gates, what CI said', async () => {
    for (const id of changes()) {
      await get(`${API}/change-requests/${id}`);
      await get(`${API}/change-requests/${id}`, { as_of: clock.now().toISOString() });
      await get(`${API}/change-requests/${id}/history`);
      await get(`${API}/change-requests/${id}/gates`, { environment: 'production' });
      await get('/api/v1/ci-events', { change_request_id: id, limit: 200 });
    }
  });

  it('what CI reported, and one fact with its receipt and deliveries', async () => {
    const listed = await get('/api/v1/ci-events', everything);
    expect(listed.body.ci_events.length).toBeGreaterThan(0);
    for (const fact of listed.body.ci_events as Array<{ source: string; id: string }>)
      await get(
        `/api/v1/ci-events/${encodeURIComponent(fact.source)}/${encodeURIComponent(fact.id)}`,
      );
  });

  it('the approvals queue, whole, by role and paged', async () => {
    await get(`${API}/approvals/pending`, { limit: 200 });
    const first = await get(`${API}/approvals/pending`, { role: 'qa', limit: 1 });
    await get(`${API}/approvals/pending`, { role: 'qa', cursor: first.body.next_cursor });
  });

  it('deployments, unauthorized changes, incidents, the emergency report', async () => {
    expect((await get(`${API}/deployments`, everything)).body.deployments.length).toBeGreaterThan(
      0,
    );
    await get(`${API}/deployments`);
    await get(`${API}/unauthorized-changes`, everything);
    await get(`${API}/incidents`);
    await get(`${API}/incidents`, { open: 'true' });
    const now = clock.now();
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    expect((await get(`${API}/reports/emergency`, { quarter })).body.changes.length).toBe(1);
  });

  it('the monthly report, the change log, the change calendar', async () => {
    const month = clock.now().toISOString().slice(0, 7);
    expect((await get(`${API}/reports/monthly`, { period: month })).body.total_changes).toBe(5);
    expect((await get(`${API}/reports/monthly`)).body.default).toBeDefined();
    expect((await get(`${API}/change-log`, everything)).body.entries.length).toBeGreaterThan(0);
    await get(`${API}/change-log`, { ...everything, as_of: clock.now().toISOString() });
    await get(`${API}/change-log`);
    await get(`${API}/calendar`);
    await get(`${API}/calendar`, { from: '2026-01-01', to: '2026-12-31' });
  });

  it('the catalogue and the projections', async () => {
    await get(`${API}/standard-change-templates`);
    await get(`${API}/projections`);
  });

  const send = async (
    method: 'post' | 'patch',
    path: string,
    who: Person,
    body: object = {},
  ): Promise<Response> => {
    const response = await request(api.app.getHttpServer())
      [method](path)
      .set(bearer(who))
      .send(body);
    answers.expectDocumented(response);
    return response;
  };
  const step = (id: string, name: string, who: Person, body: object = {}) =>
    send('post', `${API}/change-requests/${id}/${name}`, who, body);
  const ready = { ...lowPriorityChange, rollback_plan: completeRollbackPlan };
  const create = async (body: object = ready): Promise<string> =>
    (await send('post', `${API}/change-requests`, 'requester', body)).body.change_request_id;

  /** Approves as each role that remains, until none does. */
  const approveAll = async (id: string) => {
    let remaining = ['engineering-manager'];
    while (remaining.length > 0) {
      const who = APPROVER_OF[remaining[0]!];
      if (!who) throw new Error(`no approver for ${remaining[0]} in this test`);
      const approved = await step(id, 'approve', who, { approved: true, comments: 'Fine' });
      remaining = approved.body.remaining_approvals;
    }
  };

  it('a change request written step by step, each answer with its receipt', async () => {
    const id = await create({ ...ready, draft: true });
    await send('patch', `${API}/change-requests/${id}`, 'requester', {
      description: 'Drop TLS 1.0 and 1.1',
    });
    await step(id, 'submit', 'requester');
    await step(id, 'exceptions', 'requester', {
      deviation: 'Deploy outside the window',
      risk_assessment: 'Low traffic',
    });
    await step(id, 'exceptions/approve', 'headOfEngineering');
    await approveAll(id);
    await step(id, 'implement', 'implementer', { estimated_duration_minutes: 30 });
    clock.advance(30);
    await step(id, 'verify', 'implementer', { outcome: 'passed', monitoring_minutes: 30 });
    expect(
      (await step(id, 'complete', 'implementer', { status: 'completed' })).body.receipt,
    ).toEqual(expect.any(String));

    const scheduled = await create();
    await approveAll(scheduled);
    const inThreeDays = new Date(clock.now().getTime() + 72 * 3_600_000);
    const onCalendar = await step(scheduled, 'schedule', 'changeManager', {
      scheduled_for: inThreeDays.toISOString(),
    });
    const calendar = await get(`${API}/calendar`, {
      min_position: onCalendar.body.position,
      from: clock.now().toISOString().slice(0, 10),
      to: new Date(inThreeDays.getTime() + 86_400_000).toISOString().slice(0, 10),
    });
    expect(calendar.body.changes.length).toBeGreaterThan(0);

    const reverted = await create();
    await approveAll(reverted);
    await step(reverted, 'implement', 'implementer');
    await step(reverted, 'rollback', 'implementer', { reason: 'errors', incident_id: 'INC-42' });
    await step(reverted, 'review', 'changeManager', { kind: 'post_incident', findings: 'none' });

    // Rejected through API-APPROVE (`approved: false`), through its own route; cancelled.
    const refused = await step(await create(), 'approve', 'manager', {
      approved: false,
      comments: 'Not now',
    });
    expect(refused.body.status).toBe('rejected');
    await step(await create(), 'reject', 'manager', { reason: 'Not now' });
    await step(await create(), 'cancel', 'requester', { reason: 'Not needed' });

    await send('post', `${API}/change-requests/emergency`, 'requester', {
      ...lowPriorityChange,
      priority: 'critical',
    });
  });

  it('what CI reports over HTTP: a native event, a duplicate, a production deployment with its gate', async () => {
    const id = await create();
    await approveAll(id);
    const ingest = (body: object) => send('post', '/api/v1/ingest/events', 'pipeline', body);
    const tests = {
      source: 'https://ci.example/tls',
      id: 'tests-1',
      type: 'test_run',
      occurred_at: clock.now().toISOString(),
      change_request_id: id,
      outcome: 'success',
      tests: { total: 12, failed: 0 },
    };
    expect((await ingest(tests)).body).toMatchObject({ outcome: 'recorded', gate: null });
    expect((await ingest(tests)).body).toMatchObject({ outcome: 'duplicate', receipt: null });
    const deployed = await ingest({
      source: 'https://ci.example/tls',
      id: 'deploy-1',
      type: 'deployment',
      occurred_at: clock.now().toISOString(),
      environment: 'production',
      service: 'edge',
      change_request_id: id,
    });
    expect(deployed.body.gate).toMatchObject({ decision: expect.any(String) });
  });

  it('the GitHub and GitLab webhooks: a deployment recorded, a delivery ignored', async () => {
    const http = request(api.app.getHttpServer());
    const gitHub = async (state: string) => {
      const body = JSON.stringify({
        deployment_status: {
          id: 9001,
          state,
          environment: 'production',
          created_at: clock.now().toISOString(),
          creator: { login: 'octocat' },
        },
        deployment: { id: 7, sha: 'a1b2c3d4', ref: 'main', task: 'deploy', payload: {} },
        repository: { full_name: 'acme/auth' },
      });
      const signature = createHmac('sha256', GITHUB_SECRET).update(body).digest('hex');
      const response = await http
        .post('/api/v1/ingest/github')
        .set('x-github-event', 'deployment_status')
        .set('x-hub-signature-256', `sha256=${signature}`)
        .set('content-type', 'application/json')
        .send(body);
      answers.expectDocumented(response);
      return response.body;
    };
    expect(await gitHub('success')).toMatchObject({ outcome: 'recorded' });
    expect(await gitHub('in_progress')).toMatchObject({ outcome: 'ignored' });
    const gitLab = await http
      .post('/api/v1/ingest/gitlab')
      .set('x-gitlab-event', 'Deployment Hook')
      .set('x-gitlab-token', GITLAB_TOKEN)
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          object_kind: 'deployment',
          status: 'success',
          status_changed_at: '2026-11-20 11:15:00 +0100',
          deployment_id: 15,
          environment: 'production',
          project: { path_with_namespace: 'acme/billing' },
          short_sha: 'a1b2c3d4',
          user: { username: 'mallory' },
        }),
      );
    answers.expectDocumented(gitLab);
    expect(gitLab.body.outcome).toBe('recorded');
  });

  it('an audit sample drawn and read back', async () => {
    const drawn = await send('post', '/api/v1/audit/samples', 'auditor', {
      ...everything,
      seed: 'openapi',
      sizes: { normal: 2, emergency: 1 },
    });
    await get(`/api/v1/audit/samples/${drawn.body.sample_id}`);
  });

  it('a policy exception requested, approved, listed', async () => {
    const hour = 3_600_000;
    const requested = await send('post', `${API}/policy-exceptions`, 'changeManager', {
      deviation: 'The SAST scanner is being replaced',
      risk_assessment: 'Behind a feature flag',
      gates: ['security_scan'],
      services: ['payments'],
      from: clock.now().toISOString(),
      to: new Date(clock.now().getTime() + hour).toISOString(),
    });
    const approve = `${API}/policy-exceptions/${requested.body.exception_id}/approve`;
    await send('post', approve, 'headOfEngineering');
    expect((await send('post', approve, 'securityOfficer')).body.approved).toBe(true);
    await get(`${API}/policy-exceptions`);
  });

  it('legal holds placed on each scope, released, listed', async () => {
    const held = await send('post', '/api/v1/legal-holds', 'auditor', {
      change_request_id: population.shipped,
      reason: 'Litigation hold',
    });
    await send('post', '/api/v1/legal-holds', 'auditor', {
      system: 'billing',
      reason: 'Regulator inquiry',
      until: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    });
    await send('post', '/api/v1/legal-holds', 'auditor', { ...everything, reason: 'Audit' });
    await get('/api/v1/legal-holds');
    await send('post', `/api/v1/legal-holds/${held.body.hold_id}/release`, 'securityOfficer', {
      reason: 'Settled',
    });
    await get('/api/v1/legal-holds');
  });

  it("a standard-change template's life: proposed, approved, revised, rejected, retired", async () => {
    const templates = `${API}/standard-change-templates`;
    const template = {
      title: 'Payment fee table update',
      description: 'A fee value within the range finance agreed',
      change_types: ['configuration'],
      max_priority: 'medium',
      max_risk_level: 'low',
      affected_systems: ['payments-*'],
      test_plan_required: true,
      rollback_plan: completeRollbackPlan,
    };
    await send('post', templates, 'implementer', { ...template, id: 'payment-fee-update' });
    const feeTemplate = `${templates}/payment-fee-update`;
    for (const who of ['changeManager', 'manager', 'securityTeam'] as const)
      await send('post', `${feeTemplate}/approve`, who, { version: 1 });
    await send('post', `${feeTemplate}/versions`, 'implementer', {
      ...template,
      max_priority: 'high',
    });
    await send('post', `${feeTemplate}/reject`, 'changeManager', { reason: 'Too wide' });
    await get(`${templates}`);
    await get(feeTemplate);
    await send('post', `${feeTemplate}/retire`, 'changeManager', { reason: 'Moved' });
  });

  it('the audit population, JSON', async () => {
    expect((await get('/api/v1/audit/population', everything)).body.members.length).toBeGreaterThan(
      0,
    );
    await get('/api/v1/audit/population', { ...everything, as_of: clock.now().toISOString() });
  });

  it("a fact's receipt, and the log's proofs of inclusion and consistency", async () => {
    await get('/api/v1/ingest/receipt', { source: 'https://ci.example/billing', id: 'deploy-1' });
    const checkpoint = await request(api.app.getHttpServer())
      .get('/api/v1/ledger/checkpoint')
      .set(bearer('auditor'))
      .expect(200);
    // A C2SP checkpoint: the origin, then the tree's size.
    const size = Number(checkpoint.text.split('\n')[1]);
    const history = await get(`${API}/change-requests/${population.shipped}/history`);
    const leaf = (
      history.body.history as Array<{ event_id: string; leaf_index: number | null }>
    ).find((entry) => entry.leaf_index !== null && entry.leaf_index < size);
    expect(leaf).toBeDefined();
    await get('/api/v1/ledger/proofs/inclusion', { event_id: leaf!.event_id, tree_size: size });
    await get('/api/v1/ledger/proofs/consistency', { from: 1, to: size });
  });

  it('the notification outbox, a parked delivery resent, a channel replayed', async () => {
    const { rows } = await withClient(api.database.url, (client) =>
      client.query<{ id: string }>(
        `INSERT INTO notifications.outbox
           (event_id, event_type, channel, recipient, kind, change_request_id, subject, body,
            status, attempts, last_error)
         VALUES (gen_random_uuid(), 'ChangeRequestCreated', 'email', 'carl@example.com',
                 'approval_requested', $1, 'Approval needed', 'Please approve', 'parked', 5,
                 'SMTP 554: rejected')
         RETURNING id::text`,
        [population.waiting],
      ),
    );
    expect((await get(`${API}/notifications`, { status: 'parked' })).body.notifications).toEqual([
      expect.objectContaining({ id: rows[0]!.id, status: 'parked' }),
    ]);
    await get(`${API}/notifications`);
    await send('post', `${API}/notifications/${rows[0]!.id}/resend`, 'changeManager');
    await send('post', `${API}/notifications/replay`, 'changeManager', {
      channel: 'email',
      since: '2026-01-01',
    });
  });

  it('my calendar feed tokens: issued, listed, revoked', async () => {
    const issued = await send('post', '/api/v1/me/calendar-feed-tokens', 'requester', {
      label: 'phone',
    });
    await get('/api/v1/me/calendar-feed-tokens', {}, 'requester');
    const revoked = await request(api.app.getHttpServer())
      .delete(`/api/v1/me/calendar-feed-tokens/${issued.body.token_id}`)
      .set(bearer('requester'));
    answers.expectDocumented(revoked);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    await get('/api/v1/me/calendar-feed-tokens', {}, 'requester');
  });

  it('every 2xx answer of every route has a schema of its own, not a bare object', () => {
    // Text (an iCalendar feed, a signed note, CSV) is all a `{ type: string }` can say.
    const saysNothing = ([type, media]: [string, { schema?: object }]) =>
      !type.startsWith('text/') &&
      Object.keys(media.schema ?? {}).every((key) => key === 'type' || key === 'description');
    const undocumented = Object.entries(readOpenApiDocument().paths).flatMap(
      ([route, operations]) =>
        Object.entries(operations).flatMap(([method, operation]) =>
          Object.entries(operation!.responses)
            .filter(([status]) => status.startsWith('2'))
            .filter(([, response]) => {
              const media = Object.entries(response?.content ?? {});
              return media.length === 0 || media.some(saysNothing);
            })
            .map(([status]) => `${method.toUpperCase()} ${route} ${status}`),
        ),
    );
    expect(undocumented).toEqual(UNDOCUMENTED_ANSWERS);
  });

  it('a schema the server does not honour fails the check', async () => {
    const me = await request(api.app.getHttpServer()).get('/api/v1/me').set(bearer('auditor'));
    // A property the server does not send, required by the document.
    const document = readOpenApiDocument();
    const schemas = (document.components as { schemas: Record<string, MutableSchema> }).schemas;
    schemas.MeAnswer!.required!.push('nickname');
    schemas.MeAnswer!.properties!.nickname = { type: 'string' };
    expect(() => documentedAnswers(document).expectDocumented(me)).toThrow(/nickname/);
    // A property the server sends, unknown to the document.
    const forgetful = readOpenApiDocument();
    const meAnswer = (forgetful.components as { schemas: Record<string, MutableSchema> }).schemas
      .MeAnswer!;
    delete meAnswer.properties!.authenticated_by;
    meAnswer.required = meAnswer.required!.filter((name) => name !== 'authenticated_by');
    expect(() => documentedAnswers(forgetful).expectDocumented(me)).toThrow(/authenticated_by/);
    // A route the document gives no schema.
    const silent = readOpenApiDocument();
    silent.paths['/api/v1/me']!.get!.responses['200'] = {
      content: { 'application/json': { schema: { type: 'object' } } },
    };
    expect(() => documentedAnswers(silent).expectDocumented(me)).toThrow(/no schema/);
  });

  afterAll(() => {
    // What the page reads, each checked at least once above.
    for (const route of PAGE_READS)
      expect([...answers.checked].some((answer) => answer.startsWith(`${route} 200`))).toBe(true);
  });
});

/** Answers with no JSON to describe. */
const UNDOCUMENTED_ANSWERS = [
  // The evidence bundle: a gzip stream.
  'GET /api/v1/audit/exports/{sample_id} 200',
  // Terminus's own answer.
  'GET /health 200',
];

const GITHUB_SECRET = 'github-webhook-secret-0123456789';
const GITLAB_TOKEN = 'gitlab-webhook-token-0123456789';

const APPROVER_OF: Record<string, Person> = {
  'engineering-manager': 'manager',
  'change-manager': 'changeManager',
  'security-team': 'securityTeam',
  qa: 'qa',
  ciso: 'ciso',
};

interface MutableSchema {
  required?: string[];
  properties?: Record<string, object>;
}

/** Every JSON route apps/web reads, and the writes it makes. */
const PAGE_READS = [
  `POST ${API}/change-requests/{id}/approve`,
  `POST ${API}/change-requests/{id}/reject`,
  'GET /api/v1/me',
  `GET ${API}/metrics`,
  `GET ${API}/change-requests`,
  `GET ${API}/change-requests/{id}`,
  `GET ${API}/change-requests/{id}/history`,
  `GET ${API}/change-requests/{id}/gates`,
  'GET /api/v1/ci-events',
  'GET /api/v1/ci-events/{source}/{id}',
  `GET ${API}/approvals/pending`,
  `GET ${API}/deployments`,
  `GET ${API}/unauthorized-changes`,
  `GET ${API}/incidents`,
  `GET ${API}/reports/emergency`,
  `GET ${API}/standard-change-templates`,
  `GET ${API}/projections`,
];
