import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

/** Read routes that meet people half-way: default periods, named enums, the policy's aliases. */
describe('read filters', () => {
  const api = useTestApi();
  let position: string;
  beforeAll(async () => {
    const created = await request(api.app.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title: 'Implement MFA for Admin Access',
        description: 'Add multi-factor authentication requirement',
        change_type: 'security_enhancement',
        priority: 'high',
        affected_systems: ['authentication-service'],
        test_plan: 'Test MFA enrollment and login flow',
        rollback_plan: completeRollbackPlan,
      });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    position = created.body.position;
  }, 60_000);

  const get = (path: string, query: Record<string, string> = {}) =>
    request(api.app.getHttpServer()).get(`${API}${path}`).query(query).set(bearer('auditor'));

  it('answers for the current month when a period is left out, and says so', async () => {
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    for (const path of ['/deployments', '/unauthorized-changes', '/metrics', '/change-log']) {
      const answer = await get(path).expect(200);
      expect(answer.body.period).toMatchObject({ from: month, default: expect.any(String) });
    }
    // A to date includes its day: January, whole.
    const given = await get('/deployments', { from: '2026-01-01', to: '2026-01-31' }).expect(200);
    expect(given.body.period).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    const half = await get('/deployments', { from: '2026-01-01' }).expect(400);
    expect(half.body.errors).toEqual([{ field: 'to', reason: expect.stringMatching(/both/) }]);
  });

  it('refuses an unknown status or change type, naming the ones it knows', async () => {
    const status = await get('/change-requests', { status: 'bogus' }).expect(400);
    expect(status.body.errors[0]).toMatchObject({
      field: 'status',
      reason: expect.stringContaining('pending_approval'),
    });
    const type = await get('/change-requests', { change_type: 'teleportation' }).expect(400);
    expect(type.body.errors[0]).toMatchObject({
      field: 'change_type',
      reason: expect.stringContaining('security_enhancement'),
    });
  });

  it('finds a change by the alias it was filed under (004: security_enhancement)', async () => {
    const found = await get('/change-requests', {
      change_type: 'security_enhancement',
      min_position: position,
    }).expect(200);
    expect(found.body.items.map((item: { title: string }) => item.title)).toEqual([
      'Implement MFA for Admin Access',
    ]);
  });
});
