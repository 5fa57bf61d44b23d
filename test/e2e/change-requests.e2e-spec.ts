import { changeRequestStream } from '@change-ledger/domain';
import {
  type GlobalPosition,
  PostgresEventStore,
  verifyStoredStream,
} from '@change-ledger/event-store';
import request from 'supertest';
import { bearer, useTestApi, movableClock, type Person } from '../support/test-api';

const BASE = '/api/v1/change-management/change-requests';

/** API-ROUTES' create body, with the rollback plan of SOC-ROLLBACK-PLAN (an extension). */
const mfaRequest = {
  title: 'Implement MFA for Admin Access',
  description: 'Add multi-factor authentication requirement',
  change_type: 'security_enhancement',
  priority: 'high',
  affected_systems: ['authentication-service', 'admin-ui'],
  testing_required: true,
  test_plan: 'Test MFA enrollment and login flow',
  rollback_plan: {
    trigger_condition: 'Admin logins fail for more than 5 minutes',
    steps: ['Set MFA_REQUIRED=false', 'Redeploy admin-ui'],
    owner: 'engineer-456',
    verification_steps: ['An admin can log in without MFA'],
    time_estimate_minutes: 15,
  },
};

describe('Change requests API v1', () => {
  let store: PostgresEventStore;
  const clock = movableClock();
  const api = useTestApi({ clock });
  beforeAll(() => {
    store = new PostgresEventStore({ connectionString: api.database.url, role: 'ledger_reader' });
    api.closeFirst(() => store.close());
  });

  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object = {}) =>
    http().post(`${BASE}${path}`).set(bearer(who)).send(body);
  const create = async (who: Person = 'requester', body: object = mfaRequest) => {
    const response = await post('', who, body).expect(201);
    return response.body.change_request_id as string;
  };
  const approveAs = (id: string, who: Person, body: object = {}) =>
    post(`/${id}/approve`, who, { approved: true, ...body });
  /**
   * The events of one change request, read from its stream: unlike the global order, a stream
   * read sees an append at once, so a refusal right after other steps can be checked.
   */
  const streamLength = async (id: string) =>
    (await store.readStream(changeRequestStream(id))).length;
  /** Every event in the store: a refusal must leave this unchanged. */
  const eventCount = async () => {
    let count = 0;
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      count += page.length;
      if (page.length < 1000) return count;
      after = page[page.length - 1]!.position;
    }
  };

  describe("when 004's example is walked through", () => {
    it('creates, approves, implements, verifies, completes, and tells its history', async () => {
      const created = await post('', 'requester', mfaRequest).expect(201);
      expect(created.body).toMatchObject({
        change_request_id: expect.stringMatching(/^CHG-\d{4}-\d{3}$/),
        status: 'pending_approval',
        approvers: ['security-team', 'engineering-manager', 'change-manager', 'qa'],
        estimated_approval_time: '24h',
      });
      const id = created.body.change_request_id as string;

      const first = await approveAs(id, 'securityTeam', {
        comments: 'Approved - security enhancement aligns with compliance requirements',
        conditions: ['MFA must be tested in staging before production'],
      }).expect(200);
      expect(first.body).toMatchObject({
        change_request_id: id,
        status: 'pending_approval',
        approved_by: 'sam',
        next_step: 'awaiting_approval',
      });
      await approveAs(id, 'manager').expect(200);
      await approveAs(id, 'changeManager').expect(200);
      const last = await approveAs(id, 'qa').expect(200);
      expect(last.body).toMatchObject({
        status: 'approved',
        approved_by: 'quinn',
        remaining_approvals: [],
        next_step: 'implementation',
      });

      const implementing = await post(`/${id}/implement`, 'implementer', {
        implementation_plan: 'Deploy to staging, test, then production',
        scheduled_time: '2025-01-28T02:00:00Z',
        maintenance_window: true,
      }).expect(200);
      expect(implementing.body).toMatchObject({
        status: 'implementing',
        implementation_started: expect.any(String),
        estimated_completion: expect.any(String),
      });
      expect(
        Date.parse(implementing.body.estimated_completion) -
          Date.parse(implementing.body.implementation_started),
      ).toBe(2 * 60 * 60 * 1000);

      clock.advance(30); // the monitoring the verification reports
      await post(`/${id}/verify`, 'implementer', {
        outcome: 'passed',
        monitoring_minutes: 30,
        checks: ['error rate', 'latency'],
      }).expect(200);
      const completed = await post(`/${id}/complete`, 'implementer', {
        status: 'completed',
        test_results: 'All tests passed',
        post_implementation_review: 'Change successfully implemented, no issues detected',
      }).expect(200);
      expect(completed.body).toMatchObject({
        status: 'completed',
        completed_at: expect.any(String),
        next_review: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      });

      const history = await http().get(`${BASE}/${id}/history`).set(bearer('auditor')).expect(200);
      expect(history.body.change_id).toBe(id);
      expect(
        history.body.history.map(
          (entry: { action: string; user: string }) => `${entry.action}:${entry.user}`,
        ),
      ).toEqual([
        'created:user-123',
        'submitted:user-123',
        'approved:sam',
        'approved:erin',
        'approved:carl',
        'approved:quinn',
        'approval_complete:quinn',
        'implemented:engineer-456',
        'verified:engineer-456',
        'completed:engineer-456',
      ]);
      expect(history.body.history[2]).toMatchObject({
        details: expect.stringContaining('Approved as security-team'),
        authenticated_by: 'api-token',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });

      const current = await http().get(`${BASE}/${id}`).set(bearer('auditor')).expect(200);
      expect(current.body).toMatchObject({
        status: 'completed',
        requester: 'user-123',
        change_type: 'security_enhancement',
        change_class: 'security',
        implementer: 'engineer-456',
      });
      expect(current.body.approvals[0]).toMatchObject({
        approved_by: 'sam',
        role: 'security-team',
        conditions: ['MFA must be tested in staging before production'],
        policy_version: expect.stringMatching(/^seed-2026-11@/),
      });

      await expect(verifyStoredStream(store, `change-request-${id}`)).resolves.toMatchObject({
        valid: true,
        eventsChecked: 10,
      });
    });

    it('recorded the policy version in force', async () => {
      const [activated] = await store.readStream('ledger-policy-versions');
      expect(activated).toMatchObject({
        type: 'PolicyVersionActivated',
        data: {
          version: expect.stringMatching(/^seed-2026-11@/),
          source: expect.stringContaining('policy.yaml'),
        },
      });
    });
  });

  describe('when the input is bad', () => {
    it('answers 400 with every field and why, and records nothing', async () => {
      const before = await eventCount();
      const response = await post('', 'requester', {
        ...mfaRequest,
        title: undefined,
        priority: 'urgent',
        requester: 'someone-else',
      })
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(
        expect.arrayContaining(['title', 'priority', 'requester']),
      );
      expect(await eventCount()).toBe(before);
    });

    it('names the wrong part of a rollback plan', async () => {
      const response = await post('', 'requester', {
        ...mfaRequest,
        rollback_plan: { ...mfaRequest.rollback_plan, steps: [] },
      }).expect(400);
      expect(response.body.errors).toEqual([
        { field: 'rollback_plan', reason: expect.stringContaining('.steps:') },
      ]);
    });

    it('answers 400 for a change type the policy does not know, and takes no number', async () => {
      const before = await eventCount();
      const response = await post('', 'requester', {
        ...mfaRequest,
        change_type: 'refactor',
      }).expect(400);
      expect(response.body).toMatchObject({
        code: 'CHANGE_REQUEST.INVALID',
        errors: [{ field: 'change_type' }],
      });
      expect(await eventCount()).toBe(before);
    });

    it('answers 400 for malformed JSON and 413 for a body over the limit', async () => {
      await http()
        .post(BASE)
        .set(bearer('requester'))
        .set('content-type', 'application/json')
        .send('{"title": ')
        .expect(400);
      await post('', 'requester', { ...mfaRequest, description: 'x'.repeat(200_000) }).expect(413);
    });

    it('answers 400 for an id that is not a change request id, 404 for one that does not exist', async () => {
      await http().get(`${BASE}/not-an-id`).set(bearer('auditor')).expect(400);
      const response = await http().get(`${BASE}/CHG-2099-999`).set(bearer('auditor')).expect(404);
      expect(response.body.code).toBe('CHANGE_REQUEST.NOT_FOUND');
    });
  });

  describe('when credentials are missing or wrong', () => {
    it('answers 401 without a token, with a token it does not know, and with another scheme', async () => {
      const none = await http().post(BASE).send(mfaRequest).expect(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.body.code).toBe('AUTH.UNAUTHENTICATED');
      await http()
        .get(`${BASE}/CHG-2025-001`)
        .set('Authorization', 'Bearer not-a-token-we-know')
        .expect(401);
      await http()
        .get(`${BASE}/CHG-2025-001`)
        .set('Authorization', 'Basic dXNlcjpwYXNz')
        .expect(401);
    });

    it('lets an auditor read but never write', async () => {
      const response = await post('', 'auditor', mfaRequest).expect(403);
      expect(response.body.code).toBe('AUTH.READ_ONLY');
    });
  });

  describe('when separation of duties is at stake', () => {
    it('refuses an approval from someone without an awaited role (403)', async () => {
      const id = await create();
      const response = await approveAs(id, 'implementer').expect(403);
      expect(response.body.code).toBe('CHANGE_REQUEST.NOT_AN_APPROVER');
    });

    it('refuses the requester approving their own change (403)', async () => {
      const id = await create('twoHats');
      const response = await approveAs(id, 'twoHats').expect(403);
      expect(response.body.code).toBe('CHANGE_REQUEST.SELF_APPROVAL');
    });

    it('refuses one person giving two required approvals (403)', async () => {
      const id = await create();
      await approveAs(id, 'twoHats', { role: 'engineering-manager' }).expect(200);
      const response = await approveAs(id, 'twoHats', { role: 'change-manager' }).expect(403);
      expect(response.body.code).toBe('CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON');
    });
  });

  describe('when a step after approval needs a role', () => {
    const approved = async () => {
      const id = await create();
      for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const)
        await approveAs(id, who).expect(200);
      return id;
    };

    it('refuses a person whose role takes no step on implement, verify, complete, rollback, review and exceptions (403)', async () => {
      const id = await approved();
      const refusedForNobody = async (path: string, body: object, who: Person = 'onlooker') => {
        const before = await streamLength(id);
        const response = await post(`/${id}${path}`, who, body).expect(403);
        expect(await streamLength(id)).toBe(before);
        return response.body.code as string;
      };
      // A person with no role at all reads and writes nothing (issue 25 §6): refused at the door.
      expect(await refusedForNobody('/implement', {}, 'nobody')).toBe('AUTH.NO_ROLE');
      expect(await refusedForNobody('/implement', {})).toBe('CHANGE_REQUEST.MISSING_ROLE');
      await post(`/${id}/implement`, 'implementer', {}).expect(200);
      clock.advance(30);
      expect(await refusedForNobody('/verify', { outcome: 'passed', monitoring_minutes: 30 })).toBe(
        'CHANGE_REQUEST.MISSING_ROLE',
      );
      expect(await refusedForNobody('/complete', { status: 'completed' })).toBe(
        'CHANGE_REQUEST.MISSING_ROLE',
      );
      expect(await refusedForNobody('/rollback', { reason: 'errors', incident_id: 'INC-9' })).toBe(
        'CHANGE_REQUEST.MISSING_ROLE',
      );
      expect(
        await refusedForNobody('/exceptions', {
          deviation: 'Deploy outside the window',
          risk_assessment: 'Low traffic',
        }),
      ).toBe('CHANGE_REQUEST.NOT_THE_REQUESTER');
      await post(`/${id}/exceptions`, 'requester', {
        deviation: 'Deploy outside the window',
        risk_assessment: 'Low traffic',
      }).expect((response) => expect(response.status).toBeLessThan(300));
      expect(await refusedForNobody('/exceptions/approve', {})).toBe(
        'CHANGE_REQUEST.NOT_AN_APPROVER',
      );
      await post(`/${id}/rollback`, 'implementer', {
        reason: 'errors',
        incident_id: 'INC-9',
      }).expect(200);
      expect(await refusedForNobody('/review', { kind: 'post_incident', findings: 'none' })).toBe(
        'CHANGE_REQUEST.MISSING_ROLE',
      );
    });

    it('refuses the requester implementing their own normal change (403)', async () => {
      const id = await approved();
      const response = await post(`/${id}/implement`, 'requester', {}).expect(403);
      expect(response.body.code).toBe('CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT');
    });

    it('refuses more minutes of monitoring than have passed since implementation (400)', async () => {
      const id = await approved();
      await post(`/${id}/implement`, 'implementer', {}).expect(200);
      const response = await post(`/${id}/verify`, 'implementer', {
        outcome: 'passed',
        monitoring_minutes: 30,
      }).expect(400);
      expect(response.body).toMatchObject({
        code: 'CHANGE_REQUEST.INVALID',
        context: { field: 'monitoring_minutes' },
      });
    });
  });

  describe('when a transition is not allowed now', () => {
    it('answers 409 and says from which states it would be', async () => {
      const id = await create();
      const response = await post(`/${id}/complete`, 'implementer', { status: 'completed' }).expect(
        409,
      );
      expect(response.body).toMatchObject({
        code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
        context: { status: 'pending_approval', allowed: ['implementing'] },
      });
    });

    it('refuses implementation without the five parts of a rollback plan (400)', async () => {
      const id = await create('requester', {
        ...mfaRequest,
        rollback_plan: 'Disable MFA requirement via configuration',
      });
      for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const)
        await approveAs(id, who).expect(200);
      const response = await post(`/${id}/implement`, 'implementer', {}).expect(400);
      expect(response.body.code).toBe('CHANGE_REQUEST.INCOMPLETE');
    });
  });

  describe('when an amendment would make an invalid change request', () => {
    it('refuses a null title (400) and leaves the change unchanged', async () => {
      const id = await create();
      const before = await streamLength(id);
      const response = await http()
        .patch(`${BASE}/${id}`)
        .set(bearer('requester'))
        .send({ title: null });
      expect([400, 422]).toContain(response.status);
      expect(await streamLength(id)).toBe(before);
      const current = await http().get(`${BASE}/${id}`).set(bearer('auditor')).expect(200);
      expect(current.body.title).toBe(mfaRequest.title);
    });
  });

  describe('when the plan is amended after an approval', () => {
    it('voids the approval and awaits approval again; the category cannot change', async () => {
      const id = await create();
      await approveAs(id, 'securityTeam').expect(200);
      const amended = await http()
        .patch(`${BASE}/${id}`)
        .set(bearer('requester'))
        .send({ test_plan: 'Test MFA enrollment, login flow and recovery codes' })
        .expect(200);
      expect(amended.body).toMatchObject({
        status: 'pending_approval',
        content_version: 2,
        approvals: [],
      });
      const recategorised = await http()
        .patch(`${BASE}/${id}`)
        .set(bearer('requester'))
        .send({ category: 'standard' })
        .expect(400);
      expect(recategorised.body.errors).toEqual([
        { field: 'category', reason: expect.stringContaining('should not exist') },
      ]);
    });
  });

  describe('when an emergency change is made', () => {
    it('is implemented before approval, with its documentation and review deadlines', async () => {
      const created = await post('/emergency', 'requester', {
        title: 'Patch CVE-2025-1234',
        description: 'Critical RCE in the authentication service',
        change_type: 'security',
        priority: 'critical',
        affected_systems: ['authentication-service'],
      }).expect(201);
      expect(created.body).toMatchObject({
        status: 'pending_approval',
        category: 'emergency',
        approvers: ['security-team-lead', 'engineering-manager', 'ciso'],
      });
      const implemented = await post(
        `/${created.body.change_request_id}/implement`,
        'implementer',
        {},
      ).expect(200);
      const started = Date.parse(implemented.body.implementation_started);
      expect(Date.parse(implemented.body.documentation_due_at) - started).toBe(24 * 60 * 60 * 1000);
      expect(implemented.body.post_hoc_review_due_at).toEqual(expect.any(String));
    });
  });

  describe('when requests race', () => {
    it('takes four approvals given at once, each exactly once', async () => {
      const id = await create();
      const responses = await Promise.all(
        (['securityTeam', 'manager', 'changeManager', 'qa'] as const).map((who) =>
          approveAs(id, who),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      const current = await http().get(`${BASE}/${id}`).set(bearer('auditor')).expect(200);
      expect(current.body.status).toBe('approved');
      expect(current.body.approvals).toHaveLength(4);
      await expect(verifyStoredStream(store, `change-request-${id}`)).resolves.toMatchObject({
        valid: true,
      });
    });

    it('lets only one of two people take the same role at once', async () => {
      const id = await create();
      const responses = await Promise.all([
        approveAs(id, 'manager', { role: 'engineering-manager' }),
        approveAs(id, 'twoHats', { role: 'engineering-manager' }),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      expect(responses.find((response) => response.status === 409)!.body.code).toBe(
        'CHANGE_REQUEST.ROLE_ALREADY_APPROVED',
      );
    });

    it('gives change requests created at once distinct ids', async () => {
      const ids = await Promise.all(Array.from({ length: 8 }, () => create()));
      expect(new Set(ids).size).toBe(8);
    });
  });
});
