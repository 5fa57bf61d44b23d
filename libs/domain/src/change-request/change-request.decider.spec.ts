import { approve, refusal, securityTeam } from './testing/specs';

describe('ChangeRequest', () => {
  describe('when a command names a change request that does not exist', () => {
    it('is refused as not found', () => {
      expect(refusal([], [securityTeam, approve()])).toEqual({
        code: 'CHANGE_REQUEST.NOT_FOUND',
        kind: 'not_found',
      });
    });
  });
});
