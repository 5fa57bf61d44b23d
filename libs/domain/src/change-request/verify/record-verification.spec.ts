import { implemented, implementer, refusal, verify } from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when verified', () => {
    it('refuses a verification shorter than the monitoring period', () => {
      expect(refusal(implemented(), [implementer, verify(10)])).toEqual({
        code: 'CHANGE_REQUEST.INVALID',
        kind: 'invalid',
      });
    });
  });
});
