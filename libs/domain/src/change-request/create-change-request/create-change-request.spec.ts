import {
  command,
  create,
  createEmergency,
  given,
  hotfix,
  mfa,
  policy,
  refusal,
  requester,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when created', () => {
    it('is submitted for the approvals of its priority and category, due by the policy timeout', () => {
      const events = when([], [requester, create()], '2025-01-27T10:00:00Z');
      expect(types(events)).toEqual(['ChangeRequestCreated', 'ChangeRequestSubmitted']);
      const submitted = events[1]!;
      expect(submitted.data).toMatchObject({
        requiredApprovals: [
          { role: 'security-team' },
          { role: 'engineering-manager' },
          { role: 'change-manager' },
          { role: 'qa' },
        ],
        approvalDueAt: '2025-01-28T10:00:00.000Z',
        policyVersion: 'spec@1',
      });
      expect(stateAfter(events)).toMatchObject({
        status: 'pending_approval',
        requesterId: 'user-123',
      });
    });

    it("records 004's security_enhancement as the security change type it is", () => {
      const [created] = when([], [requester, create()]);
      expect(created!.data).toMatchObject({
        content: { changeTypeRequested: 'security_enhancement', changeType: 'security' },
      });
    });

    it('stays a draft when not submitted, and is submitted later by its requester', () => {
      const draft = given([requester, create(mfa, false)]);
      expect(stateAfter(draft).status).toBe('draft');
      expect(types(when(draft, [requester, command('SubmitChangeRequest', { policy })]))).toEqual([
        'ChangeRequestSubmitted',
      ]);
    });

    it('refuses an unknown change type, naming the field', () => {
      expect(refusal([], [requester, create({ ...mfa, changeType: 'refactor' })])).toEqual({
        code: 'CHANGE_REQUEST.INVALID',
        kind: 'invalid',
      });
    });

    it('refuses a security change without a test plan (testing.required_for)', () => {
      expect(refusal([], [requester, create({ ...mfa, testPlan: null })])).toEqual({
        code: 'CHANGE_REQUEST.INCOMPLETE',
        kind: 'invalid',
      });
    });

    it('refuses the same id twice', () => {
      expect(refusal(given([requester, create()]), [requester, create()])).toMatchObject({
        code: 'CHANGE_REQUEST.ALREADY_EXISTS',
      });
    });
  });

  describe('when it is an emergency change', () => {
    it('is submitted for the emergency approvers with the emergency timeout', () => {
      const events = when([], [requester, createEmergency(hotfix)], '2025-01-27T10:00:00Z');
      expect(events[1]!.data).toMatchObject({
        requiredApprovals: [
          { role: 'security-team-lead' },
          { role: 'engineering-manager' },
          { role: 'ciso' },
        ],
        approvalDueAt: '2025-01-27T11:00:00.000Z',
      });
    });
  });
});
