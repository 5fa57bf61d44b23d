import {
  command,
  create,
  given,
  implement,
  implementer,
  person,
  policy,
  refusal,
  requester,
  securityTeam,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when rejected', () => {
    it('is rejected with the reason by a required approver', () => {
      const events = when(given([requester, create()]), [
        securityTeam,
        command('RejectChangeRequest', {
          role: null,
          reason: 'No fallback for lost devices',
          policy,
        }),
      ]);
      expect(events[0]).toMatchObject({
        type: 'ChangeRequestRejected',
        data: { role: 'security-team', reason: 'No fallback for lost devices' },
      });
    });

    it('refuses the requester rejecting their own change, as approving it is refused', () => {
      const requesterWhoIsAlsoApprover = person('user-123', 'security-team');
      expect(
        refusal(given([requester, create()]), [
          requesterWhoIsAlsoApprover,
          command('RejectChangeRequest', { role: null, reason: 'mine', policy }),
        ]),
      ).toEqual({ code: 'CHANGE_REQUEST.SELF_APPROVAL', kind: 'forbidden' });
    });

    it('cannot then be implemented', () => {
      const history = given(
        [requester, create()],
        [securityTeam, command('RejectChangeRequest', { role: null, reason: 'no', policy })],
      );
      expect(refusal(history, [implementer, implement()])).toEqual({
        code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
        kind: 'conflict',
      });
    });
  });
});
