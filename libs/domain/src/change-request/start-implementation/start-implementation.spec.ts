import {
  dependencyUpdate,
  approvedByChangeManagerAlone,
  changeManager,
  command,
  create,
  createEmergency,
  fullyApproved,
  given,
  hotfix,
  implement,
  implementer,
  mfa,
  nobody,
  policy,
  refusal,
  requester,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when implemented', () => {
    it('cannot start before approval', () => {
      expect(refusal(given([requester, create()]), [implementer, implement()])).toEqual({
        code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
        kind: 'conflict',
      });
    });

    it('needs a rollback plan with trigger, steps, owner, verification and time estimate', () => {
      const history = given(
        [requester, create({ ...mfa, rollbackPlan: 'Disable MFA requirement via configuration' })],
        ...fullyApproved(),
      );
      expect(refusal(history, [implementer, implement()])).toEqual({
        code: 'CHANGE_REQUEST.INCOMPLETE',
        kind: 'invalid',
      });
    });

    it('is not implemented by the only person who approved it', () => {
      const history = given(...approvedByChangeManagerAlone());
      expect(refusal(history, [changeManager, implement()])).toEqual({
        code: 'CHANGE_REQUEST.IMPLEMENTER_SOLE_APPROVER',
        kind: 'forbidden',
      });
      expect(types(when(history, [implementer, implement()]))).toEqual([
        'ChangeImplementationStarted',
      ]);
    });

    it('is not started by a principal with no role (an implementer role is needed)', () => {
      const history = given([requester, create()], ...fullyApproved());
      expect(refusal(history, [nobody, implement()])).toEqual({
        code: 'CHANGE_REQUEST.MISSING_ROLE',
        kind: 'forbidden',
      });
    });

    it('is not implemented by its own requester, unless it is a standard change', () => {
      const history = given([requester, create()], ...fullyApproved());
      expect(refusal(history, [requester, implement()])).toEqual({
        code: 'CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT',
        kind: 'forbidden',
      });
      const standard = given([requester, create(dependencyUpdate)]);
      expect(types(when(standard, [requester, implement()]))).toEqual([
        'ChangeImplementationStarted',
      ]);
      const strict = {
        ...policy,
        roles: { ...policy.roles, requesterMayImplementStandard: false },
      };
      expect(
        refusal(standard, [
          requester,
          command('StartImplementation', {
            implementationPlan: null,
            scheduledTime: null,
            maintenanceWindow: false,
            policy: strict,
          }),
        ]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT' });
    });

    it('can be scheduled first and implemented in its window', () => {
      const history = given([requester, create()], ...fullyApproved(), [
        changeManager,
        command('ScheduleChange', {
          scheduledFor: '2025-01-30T02:00:00Z',
          scheduledUntil: null,
          maintenanceWindow: true,
          policy,
        }),
      ]);
      expect(stateAfter(history)).toMatchObject({
        status: 'scheduled',
        scheduledFor: '2025-01-30T02:00:00Z',
        scheduledUntil: '2025-01-30T04:00:00.000Z',
      });
      expect(types(when(history, [implementer, implement()]))).toEqual([
        'ChangeImplementationStarted',
      ]);
    });
  });

  describe('when it is an emergency change', () => {
    it('may be implemented before approval, which starts its 24-hour and 5-business-day clocks', () => {
      const history = given([requester, createEmergency(hotfix)]);
      const events = when(history, [implementer, implement()], '2025-01-31T16:00:00.000Z');
      expect(events[0]).toMatchObject({
        type: 'ChangeImplementationStarted',
        data: {
          approvedBeforeImplementation: false,
          documentationDueAt: '2025-02-01T16:00:00.000Z',
          postHocReviewDueAt: '2025-02-07T16:00:00.000Z',
        },
      });
    });
  });
});
