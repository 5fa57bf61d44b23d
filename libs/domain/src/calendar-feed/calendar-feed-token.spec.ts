import {
  type CalendarFeedTokenEvent,
  calendarFeedTokenRefusal,
  type CalendarFeedTokens,
  evolveCalendarFeedTokens,
} from './calendar-feed-token';

const issued: CalendarFeedTokenEvent = {
  type: 'CalendarFeedTokenIssued',
  data: {
    tokenId: 't-1',
    owner: 'erin',
    roles: ['engineering-manager'],
    label: 'phone',
    secretSha256: 'a'.repeat(64),
    issuedAt: '2026-11-23T10:00:00.000Z',
    expiresAt: '2027-05-22T10:00:00.000Z',
  },
};
const fold = (events: CalendarFeedTokenEvent[]): CalendarFeedTokens =>
  events.reduce(evolveCalendarFeedTokens, new Map());
const NOW = new Date('2026-12-01T00:00:00Z');

describe('CalendarFeedToken', () => {
  describe('when issued', () => {
    it('opens the feed until it expires', () => {
      const token = fold([issued]).get('t-1');
      expect(calendarFeedTokenRefusal(token, NOW)).toBeNull();
      expect(calendarFeedTokenRefusal(token, new Date('2027-05-22T10:00:00.000Z'))).toMatch(
        /expired/,
      );
    });
  });

  describe('when revoked', () => {
    it('opens nothing, and a second revocation keeps the first one’s who and when', () => {
      const tokens = fold([
        issued,
        {
          type: 'CalendarFeedTokenRevoked',
          data: { tokenId: 't-1', revokedBy: 'erin', revokedAt: '2026-11-24T00:00:00.000Z' },
        },
        {
          type: 'CalendarFeedTokenRevoked',
          data: { tokenId: 't-1', revokedBy: 'other', revokedAt: '2026-11-25T00:00:00.000Z' },
        },
      ]);
      expect(tokens.get('t-1')?.revoked).toEqual({ by: 'erin', at: '2026-11-24T00:00:00.000Z' });
      expect(calendarFeedTokenRefusal(tokens.get('t-1'), NOW)).toMatch(/revoked/);
    });
  });

  describe('when unknown', () => {
    it('opens nothing', () => {
      expect(calendarFeedTokenRefusal(fold([issued]).get('t-2'), NOW)).toMatch(/unknown/);
    });
  });
});
