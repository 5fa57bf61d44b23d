import { PostgresEventStore } from '@change-ledger/event-store';
import request from 'supertest';
import { bearer, type Person, useTestApi } from '../support/test-api';

const API = '/api/v1/change-management';
const CHANGES = `${API}/change-requests`;

/** A standard change under the seed catalogue's dependency-update template that fits it. */
const dependencyUpdate = {
  title: 'Bump lodash to 4.17.21',
  description: 'Patch update of a dependency, CI green',
  change_type: 'bugfix',
  category: 'standard',
  standard_template_id: 'dependency-update',
  priority: 'medium',
  risk_level: 'low',
  affected_systems: ['authentication-service'],
  test_plan: 'The CI suite, green on the pull request',
};

describe('The standard-change catalogue (issue 25)', () => {
  const api = useTestApi();
  let store: PostgresEventStore;
  beforeAll(() => {
    store = new PostgresEventStore({ connectionString: api.database.url, role: 'ledger_reader' });
    api.closeFirst(() => store.close());
  });
  /** Events of change requests, read from the store itself (a refusal must record none). */
  const changeRequestEvents = async () =>
    (await store.readAll({ filter: { streamPrefixes: ['change-request-CHG-'] } })).length;
  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object = {}) =>
    http().post(path).set(bearer(who)).send(body);

  describe('when a label is all a change has (walk-around: "a label pre-approves anything")', () => {
    it('refuses a security, critical, high-risk change without a test plan under dependency-update, naming each constraint, and records nothing', async () => {
      const refused = await post(CHANGES, 'requester', {
        ...dependencyUpdate,
        title: 'Rotate the auth signing keys',
        change_type: 'security',
        priority: 'critical',
        risk_level: 'high',
        test_plan: undefined,
      }).expect(400);
      expect(refused.body).toMatchObject({ code: 'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE' });
      expect(refused.body.errors).toEqual([
        { field: 'change_type', reason: expect.stringContaining('bugfix') },
        { field: 'priority', reason: expect.stringContaining('medium') },
        { field: 'risk_level', reason: expect.stringContaining('low') },
        { field: 'test_plan', reason: expect.stringContaining('dependency-update') },
      ]);
      expect(await changeRequestEvents()).toBe(0);
    });

    it('still pre-approves a change that fits, with the template’s rollback plan, implemented by its requester', async () => {
      const created = await post(CHANGES, 'requester', dependencyUpdate).expect(201);
      expect(created.body).toMatchObject({ status: 'approved', approvers: [] });
      const id = created.body.change_request_id as string;
      const change = await http().get(`${CHANGES}/${id}`).set(bearer('auditor')).expect(200);
      expect(change.body.rollback_plan).toMatchObject({
        steps: ['Revert the dependency update commit', 'Redeploy the previous build through CI'],
        time_estimate_minutes: 30,
      });
      await post(`${CHANGES}/${id}/implement`, 'requester').expect(200);
    });

    it('keeps a pre-approved change inside its template when it is amended', async () => {
      const created = await post(CHANGES, 'requester', dependencyUpdate).expect(201);
      const id = created.body.change_request_id as string;
      const amended = await http()
        .patch(`${CHANGES}/${id}`)
        .set(bearer('requester'))
        .send({ change_type: 'security', priority: 'critical' })
        .expect(400);
      expect(amended.body.code).toBe('CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE');
      const change = await http().get(`${CHANGES}/${id}`).set(bearer('auditor')).expect(200);
      expect(change.body).toMatchObject({ change_type: 'bugfix', priority: 'medium' });
    });
  });
});
