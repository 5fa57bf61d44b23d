import {
  command,
  complete,
  implemented,
  implementer,
  minutesIntoImplementation,
  nobody,
  policy,
  refusal,
  stateAfter,
  types,
  verify,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when completed', () => {
    it('needs a passed post-deployment verification first', () => {
      expect(refusal(implemented(), [implementer, complete()])).toEqual({
        code: 'CHANGE_REQUEST.VERIFICATION_REQUIRED',
        kind: 'conflict',
      });
    });

    it('is completed after verification, with the next review a month later', () => {
      const history = implemented();
      const verified = [
        ...history,
        ...when(history, [implementer, verify(45)], minutesIntoImplementation(history, 45)),
      ];
      const events = when(verified, [implementer, complete()], '2025-01-28T03:45:00Z');
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ChangeCompleted',
          data: expect.objectContaining({
            nextReview: '2025-02-28',
            testResults: 'All tests passed',
          }),
        }),
      ]);
      expect(stateAfter([...verified, ...events]).status).toBe('completed');
    });

    it('is not closed by a principal with no role', () => {
      expect(refusal(implemented(), [nobody, complete()])).toEqual({
        code: 'CHANGE_REQUEST.MISSING_ROLE',
        kind: 'forbidden',
      });
    });

    it('may instead be recorded as failed', () => {
      const events = when(implemented(), [
        implementer,
        command('CompleteChange', {
          outcome: 'failed',
          testResults: 'smoke tests failed',
          postImplementationReview: null,
          policy,
        }),
      ]);
      expect(types(events)).toEqual(['ChangeFailed']);
    });
  });
});
