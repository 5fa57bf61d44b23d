import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

const SHA = '5e1f0c2a9d8b7c6e5f4a3b2c1d0e9f8a7b6c5d4e';

/**
 * The recorder remembers the change requests a batch decided on (ADR 0014), so that the next
 * batch need not replay their streams. Whatever anyone else writes to one of them between two
 * batches must still be decided on — also when the batch appends nothing to it, as when it only
 * weighed it as a candidate link.
 */
describe('CI facts after a change request they weighed was approved by someone else', () => {
  const api = useTestApi();
  const http = () => request(api.app.getHttpServer());
  const ingest = (fact: object) =>
    http()
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send(JSON.stringify(fact))
      .expect(202);
  const file = async (title: string) =>
    (
      await http()
        .post(`${API}/change-requests`)
        .set(bearer('requester'))
        .send({
          title,
          description: `${title}, as CI will deploy it`,
          change_type: 'security',
          priority: 'high',
          affected_systems: ['authentication-service'],
          test_plan: 'The suite CI runs',
          rollback_plan: completeRollbackPlan,
          links: { commit_sha: SHA },
        })
        .expect(201)
    ).body.change_request_id as string;

  it('links the deployment to the change approved since, not to the one it remembered as newest', async () => {
    const older = await file('Rotate session keys');
    const newer = await file('Rotate session keys, again');
    const common = { source: 'github.com/acme/auth/actions', occurred_at: '2026-11-20T09:00:00Z' };

    // Both await approval: the newest is chosen, and the older one is remembered as weighed.
    const tested = await ingest({
      ...common,
      id: 'tests-1',
      type: 'test_run',
      outcome: 'success',
      commit_sha: SHA,
      tests: { total: 10, failed: 0 },
    });
    expect(tested.body).toMatchObject({ outcome: 'recorded', change_request_id: newer });
    for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const) {
      await http()
        .post(`${API}/change-requests/${older}/approve`)
        .set(bearer(who))
        .send({ approved: true })
        .expect(200);
    }
    const deployed = await ingest({
      ...common,
      id: 'deploy-1',
      type: 'deployment',
      environment: 'production',
      commit_sha: SHA,
    });

    expect(deployed.body).toMatchObject({
      outcome: 'recorded',
      change_request_id: older,
      linked_by: 'commit_sha',
      // Judged on the change it links to: approved, but no review or scan (ADR 0022).
      authorized: false,
      reason: expect.stringMatching(/the deploy gate denied it/),
    });
  });
});
