import { ClaimedRequests } from './claim-marking-event-store';

describe('ClaimedRequests', () => {
  describe('when a keyed request runs under a request id', () => {
    it('refuses a write without a key under the same id, which would be recorded under its key', () => {
      const claims = new ClaimedRequests();
      expect(claims.reserve('req-1')).toBe(true);
      expect(claims.reserveKeyless('req-1')).toBe(false);
      expect(claims.reserve('req-1')).toBe(false);
      claims.release('req-1');
      expect(claims.reserveKeyless('req-1')).toBe(true);
    });
  });

  describe('when writes without a key run under a request id', () => {
    it('lets them share it, and refuses a keyed request until the last has ended', () => {
      const claims = new ClaimedRequests();
      expect(claims.reserveKeyless('req-2')).toBe(true);
      expect(claims.reserveKeyless('req-2')).toBe(true);
      expect(claims.reserve('req-2')).toBe(false);
      claims.releaseKeyless('req-2');
      expect(claims.reserve('req-2')).toBe(false);
      claims.releaseKeyless('req-2');
      expect(claims.reserve('req-2')).toBe(true);
    });
  });
});
