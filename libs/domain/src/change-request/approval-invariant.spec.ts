import {
  amendmentVoidsApprovals,
  approvalInvariantViolations,
  EMERGENCY_DOCUMENTATION_FIELDS,
  keepingApprovalInvariant,
} from './approval-invariant';
import { type ChangeRequestEvent } from './change-request.events';
import { evolve } from './change-request.evolve';
import { type ChangeRequest } from './change-request.model';
import {
  amend,
  approve,
  create,
  createEmergency,
  fullyApproved,
  given,
  hotfix,
  ID,
  implement,
  dependencyUpdate,
  implementer,
  requester,
  stateAfter,
} from './testing/specs';

describe('ChangeRequest', () => {
  describe('the approval invariant', () => {
    const approved = () => stateAfter(given([requester, create()], ...fullyApproved()));

    it('holds through a whole lifecycle, pre-approval and the emergency path', () => {
      expect(approvalInvariantViolations(approved())).toEqual([]);
      const standard = given([requester, create(dependencyUpdate)]);
      expect(approvalInvariantViolations(stateAfter(standard))).toEqual([]);
      const emergency = given([requester, createEmergency(hotfix)], [implementer, implement()]);
      expect(approvalInvariantViolations(stateAfter(emergency))).toEqual([]);
    });

    it('names a state that claims approval without every required role', () => {
      const change: ChangeRequest = { ...approved(), approvals: [] };
      expect(approvalInvariantViolations(change)).toEqual([
        'it claims approval while security-team, engineering-manager, change-manager, qa has not approved',
      ]);
    });

    it('names approvals of older content, two approvals of one person, and a missed approval', () => {
      const state = approved();
      const [first, second, ...rest] = state.approvals;
      expect(
        approvalInvariantViolations({
          ...state,
          contentVersion: 2,
          approvals: [first!, { ...second!, approverId: first!.approverId }, ...rest],
        }),
      ).toEqual(
        expect.arrayContaining([
          `${first!.approverId} holds two of its approvals`,
          'the security-team approval was given on content version 1, not the current 2',
        ]),
      );
      expect(
        approvalInvariantViolations({ ...state, status: 'pending_approval', approvedAt: null }),
      ).toEqual(['every required role has approved, yet it is not approved']);
    });

    it('refuses a command whose events would break it, and records nothing', () => {
      const history = given([requester, create()], ...fullyApproved());
      const state = stateAfter(history);
      // An event a buggy rule might record: the approvals gone, the approval kept.
      const broken: ChangeRequestEvent[] = [
        {
          type: 'ChangeRequestAmended',
          data: {
            changeRequestId: ID,
            by: requester.id,
            at: '2025-02-01T00:00:00.000Z',
            content: { ...state.content, title: 'Other' },
            contentVersion: 2,
            changedFields: ['title'],
            requiredApprovals: state.requiredApprovals,
          },
        },
      ];
      const amendCommand = amend({ title: 'Other' })({
        changeRequestId: ID,
        actor: requester,
        at: '2025-02-01T00:00:00.000Z',
      });
      expect(() => keepingApprovalInvariant(amendCommand, state, broken, evolve)).toThrow(
        expect.objectContaining({ code: 'CHANGE_REQUEST.APPROVAL_INVARIANT', kind: 'conflict' }),
      );
      const approveCommand = approve()({
        changeRequestId: ID,
        actor: requester,
        at: '2025-02-01T00:00:00.000Z',
      });
      expect(keepingApprovalInvariant(approveCommand, state, [], evolve)).toEqual([]);
    });

    it('says which amendments of an emergency change document it', () => {
      const emergency = stateAfter(given([requester, createEmergency(hotfix)]));
      for (const field of EMERGENCY_DOCUMENTATION_FIELDS)
        expect(amendmentVoidsApprovals(emergency, [field])).toBe(false);
      for (const field of [
        'title',
        'description',
        'changeType',
        'priority',
        'urgency',
        'affectedSystems',
        'links',
        'scheduledFor',
      ])
        expect(amendmentVoidsApprovals(emergency, ['testPlan', field])).toBe(true);
      expect(amendmentVoidsApprovals(approved(), ['testPlan'])).toBe(true);
    });
  });
});
