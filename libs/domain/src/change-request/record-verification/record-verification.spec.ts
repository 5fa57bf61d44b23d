import {
  command,
  implemented,
  implementer,
  minutesIntoImplementation,
  nobody,
  policy,
  refusal,
  refusedWith,
  requester,
  types,
  verify,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when verified', () => {
    it('refuses a verification shorter than the monitoring period', () => {
      expect(refusal(implemented(), [implementer, verify(10)])).toEqual({
        code: 'CHANGE_REQUEST.INVALID',
        kind: 'invalid',
      });
    });

    it('is recorded once the monitoring it claims has passed since implementation started', () => {
      const history = implemented();
      const at = minutesIntoImplementation(history, 30);
      expect(types(when(history, [implementer, verify(30)], at))).toEqual(['ChangeVerified']);
    });

    it('refuses more minutes of monitoring than have passed since implementation started', () => {
      const history = implemented();
      const error = refusedWith(
        history,
        [implementer, verify(30)],
        minutesIntoImplementation(history, 5),
      );
      expect(error).toMatchObject({ code: 'CHANGE_REQUEST.INVALID', kind: 'invalid' });
      expect(error.context).toMatchObject({ field: 'monitoring_minutes' });
    });

    it('refuses monitoring minutes that are not a whole number within a year', () => {
      const history = implemented();
      const at = minutesIntoImplementation(history, 60);
      for (const minutes of [1e12, 30.5, Number.NaN]) {
        expect(refusedWith(history, [implementer, verify(minutes)], at).context).toMatchObject({
          field: 'monitoring_minutes',
        });
      }
    });

    it('is not recorded by a principal with no role, nor by the requester of a normal change', () => {
      const history = implemented();
      const at = minutesIntoImplementation(history, 60);
      expect(refusal(history, [nobody, verify(30)], at)).toEqual({
        code: 'CHANGE_REQUEST.MISSING_ROLE',
        kind: 'forbidden',
      });
      expect(refusal(history, [requester, verify(30)], at)).toEqual({
        code: 'CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT',
        kind: 'forbidden',
      });
    });

    it('records a failed verification at once: a failure needs no monitoring period', () => {
      const history = implemented();
      const failed = (monitoringMinutes: number) =>
        command('RecordVerification', {
          outcome: 'failed',
          monitoringMinutes,
          checks: ['error rate'],
          notes: 'Errors right after the deployment',
          policy,
        });
      const at = minutesIntoImplementation(history, 0);
      const events = when(history, [implementer, failed(0)], at);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ChangeVerified',
          data: expect.objectContaining({ outcome: 'failed', monitoringMinutes: 0 }),
        }),
      ]);
      // …but never claims more monitoring than the clock allows.
      expect(refusedWith(history, [implementer, failed(5)], at).context).toMatchObject({
        field: 'monitoring_minutes',
      });
    });
  });
});
