import { LedgerError } from '../errors/ledger-error';

/**
 * A calendar feed token: a person's read-only grant to the change calendar's iCalendar feed by
 * URL, for calendar apps that cannot send an Authorization header (issue 28 §3). An access grant
 * the ledger records like any other (ADR 0028): issued and revoked as events in the owner's own
 * stream, holding the SHA-256 of the secret, never the secret. Valid only for the feed.
 */
/** What a token grants, to whom, until when: as issued. */
export interface CalendarFeedTokenGrant {
  tokenId: string;
  owner: string;
  /** The owner's roles when it was issued (the feed's reader is recorded as them). */
  roles: string[];
  label: string;
  /** SHA-256 (hex) of the whole token as handed out. */
  secretSha256: string;
  issuedAt: string;
  expiresAt: string;
}

export interface CalendarFeedTokenIssued {
  type: 'CalendarFeedTokenIssued';
  data: CalendarFeedTokenGrant;
}

export interface CalendarFeedTokenRevoked {
  type: 'CalendarFeedTokenRevoked';
  data: { tokenId: string; revokedBy: string; revokedAt: string };
}

export type CalendarFeedTokenEvent = CalendarFeedTokenIssued | CalendarFeedTokenRevoked;
export const CALENDAR_FEED_TOKEN_EVENT_TYPES: readonly CalendarFeedTokenEvent['type'][] = [
  'CalendarFeedTokenIssued',
  'CalendarFeedTokenRevoked',
];

export interface CalendarFeedToken extends CalendarFeedTokenGrant {
  revoked: { by: string; at: string } | null;
}

/** One owner's tokens by id: the state of their stream. */
export type CalendarFeedTokens = ReadonlyMap<string, CalendarFeedToken>;

export function evolveCalendarFeedTokens(
  tokens: CalendarFeedTokens,
  event: CalendarFeedTokenEvent,
): CalendarFeedTokens {
  const next = new Map(tokens);
  switch (event.type) {
    case 'CalendarFeedTokenIssued':
      next.set(event.data.tokenId, { ...event.data, roles: [...event.data.roles], revoked: null });
      return next;
    case 'CalendarFeedTokenRevoked': {
      const token = tokens.get(event.data.tokenId);
      if (token && token.revoked === null)
        next.set(token.tokenId, {
          ...token,
          revoked: { by: event.data.revokedBy, at: event.data.revokedAt },
        });
      return next;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Why a feed token opens nothing now; null when it opens the feed at `now`. */
export function calendarFeedTokenRefusal(
  token: CalendarFeedToken | undefined,
  now: Date,
): string | null {
  if (!token) return 'unknown calendar feed token';
  if (token.revoked) return 'this calendar feed token was revoked';
  if (Date.parse(token.expiresAt) <= now.getTime())
    return 'this calendar feed token has expired; create another';
  return null;
}

/** A service has no calendar of its own to subscribe to: feed tokens are for people. */
export class FeedTokensAreForPeopleError extends LedgerError {
  readonly code = 'CALENDAR_FEED.PEOPLE_ONLY';
  readonly kind = 'forbidden';
  constructor(readonly actorId: string) {
    super(`${actorId} is a service: calendar feed tokens are issued to people only`, { actorId });
  }
}

/** Not one of the caller's tokens: another person's id is answered as an unknown one. */
export class CalendarFeedTokenNotFoundError extends LedgerError {
  readonly code = 'CALENDAR_FEED.TOKEN_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly tokenId: string) {
    super(`You hold no calendar feed token ${tokenId}`, { tokenId });
  }
}
