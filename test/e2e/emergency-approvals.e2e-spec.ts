import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, movableClock, type Person, useTestApi } from '../support/test-api';

const BASE = `${API}/change-requests`;

/** What the 24-hour clock of SOC-EMERG-24H asks an emergency change's record to hold. */
const documentation = {
  rollback_plan: completeRollbackPlan,
  risk_level: 'high',
  risk_assessment: 'The patch touches token validation only',
  test_plan: 'Replay the exploit; run the authentication suite',
};

/**
 * Issue 25, "Emergency approvals vanish while the state says approved": the state never claims
 * what the events do not hold. Approved ⇔ every required role approved by distinct people on the
 * current content, or on the emergency path, on content that changed since by documentation only.
 */
describe('Emergency approvals and the approval invariant', () => {
  const clock = movableClock();
  const api = useTestApi({ clock });
  const http = () => request(api.app.getHttpServer());
  const post = (path: string, who: Person, body: object = {}) =>
    http().post(`${BASE}${path}`).set(bearer(who)).send(body);
  const amend = (id: string, body: object) =>
    http().patch(`${BASE}/${id}`).set(bearer('requester')).send(body);
  const read = async (id: string) =>
    (await http().get(`${BASE}/${id}`).set(bearer('auditor')).expect(200)).body;
  const pendingFor = async (id: string, position: string) => {
    const page = await http()
      .get(`${API}/approvals/pending`)
      .query({ min_position: position, limit: 200 })
      .set(bearer('auditor'))
      .expect(200);
    return page.body.pending
      .filter((row: { change_request_id: string }) => row.change_request_id === id)
      .map((row: { role: string; retroactive: boolean }) => [row.role, row.retroactive]);
  };
  const approveAll = async (id: string) => {
    let last: request.Response | undefined;
    for (const who of ['securityLead', 'manager', 'ciso'] as const)
      last = await post(`/${id}/approve`, who, { approved: true }).expect(200);
    return last!;
  };
  const emergency = async () => {
    const created = await post('/emergency', 'requester', {
      title: 'Patch CVE-2026-0042',
      description: 'Token validation bypass in the authentication service',
      change_type: 'security',
      priority: 'critical',
      affected_systems: ['authentication-service'],
    }).expect(201);
    return created.body.change_request_id as string;
  };

  describe('when an implemented emergency change is approved after the fact, then documented', () => {
    it('keeps its retro-approvals: documentation does not void them', async () => {
      const id = await emergency();
      await post(`/${id}/implement`, 'implementer').expect(200);
      const approved = await approveAll(id);
      expect(approved.body).toMatchObject({ remaining_approvals: [] });
      expect(await read(id)).toMatchObject({ approval_status: 'approved' });

      const documented = await amend(id, documentation).expect(200);
      expect(documented.body).toMatchObject({
        status: 'implementing',
        approval_status: 'approved',
        content_version: 2,
        emergency: { documented_at: expect.any(String) },
      });
      expect(documented.body.approvals.map((given: { role: string }) => given.role)).toEqual([
        'security-team-lead',
        'engineering-manager',
        'ciso',
      ]);
      const history = await http().get(`${BASE}/${id}/history`).set(bearer('auditor'));
      expect(history.body.history.map((entry: { action: string }) => entry.action)).not.toContain(
        'approvals_voided',
      );
      expect(await pendingFor(id, documented.body.position)).toEqual([]);
      // The state said approved and the approvals are there: a second approval is refused as such.
      const again = await post(`/${id}/approve`, 'securityLead', { approved: true }).expect(409);
      expect(again.body.code).toBe('CHANGE_REQUEST.ALREADY_APPROVED');
    });

    it('sets the state back when a change of content voids them, and takes approvals again', async () => {
      const id = await emergency();
      await post(`/${id}/implement`, 'implementer').expect(200);
      await approveAll(id);
      const rescoped = await amend(id, {
        affected_systems: ['authentication-service', 'admin-ui'],
      }).expect(200);
      expect(rescoped.body).toMatchObject({
        status: 'implementing',
        approval_status: 'pending',
        approved_at: null,
        approvals: [],
      });
      expect(await read(id)).toMatchObject({ approval_status: 'pending', approvals: [] });
      expect(await pendingFor(id, rescoped.body.position)).toEqual([
        ['ciso', true],
        ['engineering-manager', true],
        ['security-team-lead', true],
      ]);

      const first = await post(`/${id}/approve`, 'securityLead', { approved: true }).expect(200);
      expect(first.body.remaining_approvals).toEqual(['engineering-manager', 'ciso']);
      await post(`/${id}/approve`, 'manager', { approved: true }).expect(200);
      await post(`/${id}/approve`, 'ciso', { approved: true }).expect(200);
      expect(await read(id)).toMatchObject({
        approval_status: 'approved',
        approvals: [
          expect.objectContaining({ role: 'security-team-lead', content_version: 2 }),
          expect.objectContaining({ role: 'engineering-manager', content_version: 2 }),
          expect.objectContaining({ role: 'ciso', content_version: 2 }),
        ],
      });
    });
  });

  describe('when an emergency change is approved before it is implemented', () => {
    it('stays approved through its documentation, and goes back to approval on a change of scope', async () => {
      const id = await emergency();
      await approveAll(id);
      const documented = await amend(id, documentation).expect(200);
      expect(documented.body).toMatchObject({ status: 'approved', approval_status: 'approved' });
      expect(documented.body.approvals).toHaveLength(3);

      const retitled = await amend(id, { title: 'Patch CVE-2026-0042 and CVE-2026-0043' }).expect(
        200,
      );
      expect(retitled.body).toMatchObject({
        status: 'pending_approval',
        approval_status: 'pending',
        approved_at: null,
        approvals: [],
      });
    });
  });

  describe('when a normal change is amended after approval', () => {
    it('awaits approval again, even when only its documentation changed', async () => {
      const created = await post('', 'requester', {
        title: 'Rotate the session key',
        description: 'Quarterly rotation',
        change_type: 'configuration',
        priority: 'low',
        affected_systems: ['sessions'],
        rollback_plan: completeRollbackPlan,
      }).expect(201);
      const id = created.body.change_request_id as string;
      for (const who of ['changeManager', 'manager', 'qa'] as const)
        await post(`/${id}/approve`, who, { approved: true }).expect(200);
      expect(await read(id)).toMatchObject({ status: 'approved', approval_status: 'approved' });
      const amended = await amend(id, { test_plan: 'Log in after the rotation' }).expect(200);
      expect(amended.body).toMatchObject({
        status: 'pending_approval',
        approval_status: 'pending',
        approvals: [],
      });
    });
  });
});
