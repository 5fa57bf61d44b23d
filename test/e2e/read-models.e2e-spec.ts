import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi, type Person } from '../support/test-api';

describe('Read models API', () => {
  const api = useTestApi();

  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object) =>
    http().post(`${API}/change-requests${path}`).set(bearer(who)).send(body);

  it('reads its own write with min_position, and queues the approvals it awaits', async () => {
    const created = await post('', 'requester', {
      title: 'Search indexing',
      description: 'Move search to the new cluster',
      change_type: 'infrastructure',
      priority: 'medium',
      affected_systems: ['search'],
      test_plan: 'Replay queries',
      rollback_plan: completeRollbackPlan,
    }).expect(201);
    const { change_request_id: id, position } = created.body;

    const listed = await http()
      .get(`${API}/change-requests`)
      .query({ min_position: position, q: 'search cluster' })
      .set(bearer('auditor'))
      .expect(200);
    expect(
      listed.body.items.map((item: { change_request_id: string }) => item.change_request_id),
    ).toEqual([id]);

    const queue = await http()
      .get(`${API}/approvals/pending`)
      .query({ role: 'qa', min_position: position })
      .set(bearer('qa'))
      .expect(200);
    expect(queue.body.pending).toEqual([
      expect.objectContaining({
        change_request_id: id,
        role: 'qa',
        overdue: false,
        due_at: expect.any(String),
      }),
    ]);
  });

  it('exports the change log of a period as JSON and as CSV', async () => {
    const created = await post('', 'requester', {
      title: 'Log level',
      description: 'Lower log level',
      change_type: 'feature',
      priority: 'low',
      affected_systems: ['api'],
      rollback_plan: completeRollbackPlan,
    }).expect(201);
    const id = created.body.change_request_id as string;
    for (const who of ['manager', 'changeManager', 'qa'] as const)
      await post(`/${id}/approve`, who, { approved: true }).expect(200);
    const implemented = await post(`/${id}/implement`, 'implementer', {}).expect(200);
    const from = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const to = new Date(Date.now() + 60 * 60 * 1000).toISOString();

    const json = await http()
      .get(`${API}/change-log`)
      .query({ from, to, min_position: implemented.body.position })
      .set(bearer('auditor'))
      .expect(200);
    expect(json.body.entries).toEqual([
      expect.objectContaining({
        change_id: id,
        author: 'user-123',
        approvers: ['erin', 'carl', 'quinn'],
        outcome: 'in_progress',
      }),
    ]);

    const csv = await http()
      .get(`${API}/change-log`)
      .query({ from, to })
      .set(bearer('auditor'))
      .set('Accept', 'text/csv')
      .expect(200)
      .expect('content-type', /text\/csv/);
    expect(csv.text.split('\n')[0]).toBe(
      'change_id,title,description,author,approvers,deployment_date,outcome,incidents,category,emergency',
    );
    expect(csv.text).toContain(`${id},Log level,Lower log level,user-123,erin; carl; quinn,`);
  });

  it('lists deployments as they arrive, and a rollback as an incident open until its review', async () => {
    const created = await post('', 'requester', {
      title: 'Feature flag',
      description: 'Enable flag',
      change_type: 'feature',
      priority: 'low',
      affected_systems: ['web'],
      rollback_plan: completeRollbackPlan,
    }).expect(201);
    const id = created.body.change_request_id as string;
    for (const who of ['manager', 'changeManager', 'qa'] as const)
      await post(`/${id}/approve`, who, { approved: true }).expect(200);
    await post(`/${id}/implement`, 'implementer', {}).expect(200);
    const rolledBack = await post(`/${id}/rollback`, 'implementer', {
      reason: 'error rate up',
      incident_id: 'INC-900',
    }).expect(200);

    const from = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const to = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const deployments = await http()
      .get(`${API}/deployments`)
      .query({ from, to, min_position: rolledBack.body.position })
      .set(bearer('auditor'))
      .expect(200);
    expect(deployments.body.deployments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          change_request_id: id,
          environment: 'production',
          deployed_by: 'engineer-456',
          outcome: 'rolled_back',
          approved_before_deployment: true,
        }),
      ]),
    );

    const open = await http()
      .get(`${API}/incidents`)
      .query({ open: 'true' })
      .set(bearer('auditor'))
      .expect(200);
    expect(open.body.incidents).toEqual([
      expect.objectContaining({
        incident_id: 'INC-900',
        change_request_id: id,
        severity: 'P3',
        reviewed_at: null,
        review_overdue: false,
      }),
    ]);

    const reviewed = await post(`/${id}/review`, 'securityTeam', {
      kind: 'post_incident',
      findings: 'Flag default was wrong',
    }).expect(200);
    const after = await http()
      .get(`${API}/incidents`)
      .query({ open: 'true', min_position: reviewed.body.position })
      .set(bearer('auditor'))
      .expect(200);
    expect(after.body.incidents).toEqual([]);
  });

  it('reports how far each projection is behind', async () => {
    const response = await http().get(`${API}/projections`).set(bearer('auditor')).expect(200);
    expect(response.body.projections).toEqual([
      expect.objectContaining({
        projection: 'change-requests',
        checkpoint: expect.stringMatching(/^\d+\/\d+$/),
        eventsBehind: expect.any(Number),
        secondsBehind: expect.any(Number),
      }),
      expect.objectContaining({ projection: 'ci-events', checkpoint: expect.any(String) }),
      expect.objectContaining({ projection: 'frozen-reports', checkpoint: expect.any(String) }),
      expect.objectContaining({ projection: 'change-metrics', checkpoint: expect.any(String) }),
      expect.objectContaining({
        projection: 'standard-change-catalogue',
        checkpoint: expect.any(String),
      }),
      // The seed policy enables notifications (projection-listing.e2e-spec.ts).
      expect.objectContaining({ projection: 'notifications', checkpoint: expect.any(String) }),
    ]);
  });

  it('refuses a malformed position, cursor or period with the field', async () => {
    const position = await http()
      .get(`${API}/change-requests`)
      .query({ min_position: 'latest' })
      .set(bearer('auditor'))
      .expect(400);
    expect(position.body.errors).toEqual([expect.objectContaining({ field: 'min_position' })]);
    const cursor = await http()
      .get(`${API}/change-requests`)
      .query({ cursor: 'bm9wZQ' })
      .set(bearer('auditor'))
      .expect(400);
    expect(cursor.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const period = await http()
      .get(`${API}/change-log`)
      .query({ to: '2026-01-01T00:00:00Z' })
      .set(bearer('auditor'))
      .expect(400);
    expect(period.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    await http().get(`${API}/approvals/pending`).expect(401);
  });
});
