import {
  amend,
  create,
  createEmergency,
  fullyApproved,
  given,
  hotfix,
  implement,
  implementer,
  mfa,
  requester,
  rollbackPlan,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when its content is amended after an approval', () => {
    it('voids the approvals given so far and awaits approval again', () => {
      const history = given([requester, create()], ...fullyApproved());
      const events = when(history, [
        requester,
        amend({ testPlan: 'Test MFA enrollment, login flow and fallback' }),
      ]);
      expect(types(events)).toEqual(['ChangeRequestAmended', 'ApprovalsVoided']);
      expect(stateAfter([...history, ...events])).toMatchObject({
        status: 'pending_approval',
        approvals: [],
        contentVersion: 2,
      });
    });

    it('records nothing when nothing changed', () => {
      expect(when(given([requester, create()]), [requester, amend({ title: mfa.title })])).toEqual(
        [],
      );
    });
  });

  describe('when it is an emergency change', () => {
    it('is documented when its record is complete, and says whether that was within 24 hours', () => {
      const history = given([requester, createEmergency(hotfix)]);
      const implemented = [
        ...history,
        ...when(history, [implementer, implement()], '2025-01-27T12:00:00.000Z'),
      ];
      const late = when(
        implemented,
        [
          requester,
          amend({
            rollbackPlan,
            riskLevel: 'high',
            riskAssessment: 'RCE exposure',
            testPlan: 'Exploit PoC fails',
          }),
        ],
        '2025-01-28T13:00:00.000Z',
      );
      expect(types(late)).toEqual(['ChangeRequestAmended', 'EmergencyChangeDocumented']);
      expect(late[1]!.data).toMatchObject({
        dueAt: '2025-01-28T12:00:00.000Z',
        withinDeadline: false,
      });
    });
  });
});
