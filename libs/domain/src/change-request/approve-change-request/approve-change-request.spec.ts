import { type Actor } from '../change-request.model';
import {
  approve,
  changeManager,
  ciso,
  command,
  create,
  createEmergency,
  given,
  hotfix,
  implement,
  implementer,
  lead,
  manager,
  person,
  policy,
  qa,
  refusal,
  requester,
  securityTeam,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when approved', () => {
    it('records each approval with its role, comments, conditions, content and policy version', () => {
      const events = when(given([requester, create()]), [
        securityTeam,
        command('ApproveChangeRequest', {
          role: null,
          comments: 'aligns with compliance',
          conditions: ['test in staging first'],
          policy,
        }),
      ]);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ChangeApproved',
          data: expect.objectContaining({
            by: 'sam',
            role: 'security-team',
            comments: 'aligns with compliance',
            conditions: ['test in staging first'],
            contentVersion: 1,
            policyVersion: 'spec@1',
          }),
        }),
      ]);
    });

    it('is approved once every required role has approved, each by a different person', () => {
      const history = given(
        [requester, create()],
        [securityTeam, approve()],
        [manager, approve()],
        [changeManager, approve()],
      );
      const events = when(history, [qa, approve()]);
      expect(types(events)).toEqual(['ChangeApproved', 'ChangeRequestApproved']);
      expect(stateAfter([...history, ...events]).status).toBe('approved');
    });

    it('refuses the requester approving their own change', () => {
      const requesterWhoIsAlsoManager = person('user-123', 'engineering-manager');
      expect(refusal(given([requester, create()]), [requesterWhoIsAlsoManager, approve()])).toEqual(
        { code: 'CHANGE_REQUEST.SELF_APPROVAL', kind: 'forbidden' },
      );
    });

    it('refuses one person satisfying two required approvals', () => {
      const twoHats = person('erin', 'engineering-manager', 'change-manager');
      const history = given([requester, create()], [twoHats, approve()]);
      expect(refusal(history, [twoHats, approve('change-manager')])).toEqual({
        code: 'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON',
        kind: 'forbidden',
      });
    });

    it('refuses someone who holds none of the awaited roles', () => {
      expect(refusal(given([requester, create()]), [person('zoe', 'engineer'), approve()])).toEqual(
        { code: 'CHANGE_REQUEST.NOT_AN_APPROVER', kind: 'forbidden' },
      );
    });

    it('refuses a second approval for a role already given', () => {
      const history = given([requester, create()], [manager, approve()]);
      expect(
        refusal(history, [person('eve', 'engineering-manager'), approve('engineering-manager')]),
      ).toEqual({ code: 'CHANGE_REQUEST.ROLE_ALREADY_APPROVED', kind: 'conflict' });
    });

    it('refuses an approval by a service account', () => {
      const bot: Actor = { id: 'ci-bot', kind: 'service', roles: ['security-team'] };
      expect(refusal(given([requester, create()]), [bot, approve()])).toEqual({
        code: 'CHANGE_REQUEST.NOT_A_PERSON',
        kind: 'forbidden',
      });
    });
  });

  describe('when it is an emergency change', () => {
    it('is approved retroactively, by every emergency approver', () => {
      const history = given(
        [requester, createEmergency(hotfix)],
        [implementer, implement()],
        [lead, approve()],
        [manager, approve()],
      );
      const events = when(history, [ciso, approve()]);
      expect(types(events)).toEqual(['ChangeApproved', 'EmergencyChangeRetroactivelyApproved']);
      expect(events[0]!.data).toMatchObject({ retroactive: true });
    });
  });
});
