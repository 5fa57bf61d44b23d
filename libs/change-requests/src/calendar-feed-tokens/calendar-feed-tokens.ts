import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  CALENDAR_FEED_TOKEN_EVENT_TYPES,
  CALENDAR_FEED_TOKENS_STREAM_PREFIX,
  type CalendarFeedToken,
  type CalendarFeedTokenEvent,
  CalendarFeedTokenNotFoundError,
  calendarFeedTokenRefusal,
  type CalendarFeedTokens,
  evolveCalendarFeedTokens,
  FeedTokensAreForPeopleError,
} from '@change-ledger/domain';
import { type EventStore, storedAs } from '@change-ledger/event-store';
import { type Clock, envelopeAt, type IdGenerator, type RequestContext } from '../request-context';

/**
 * Every feed token starts with this: recognisable in a URL (the request log redacts it wherever
 * it appears) and never mistaken for an API token, whose shapes it does not have.
 */
export const CALENDAR_FEED_TOKEN_PREFIX = 'clf_';
/** `clf_` + the owner's stream key (32 hex) + `_` + 32 random bytes (base64url, 43 characters). */
const TOKEN_SHAPE = /^clf_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/;
export const DEFAULT_FEED_TOKEN_DAYS = 180;

/** A token as its owner sees it in a list: everything but the secret, which is not kept. */
export interface ListedCalendarFeedToken {
  token_id: string;
  label: string;
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** Whose feed a valid token opens, and as what roles (those recorded when it was issued). */
export interface CalendarFeedReader {
  owner: string;
  roles: string[];
  tokenId: string;
}

/**
 * The owner's stream key: a hash of the principal id, so that any id (an e-mail address, an
 * IdP subject with `|` or `/`) makes a valid stream name, and the token can name its stream
 * without naming its owner.
 */
export function feedTokenStreamKey(owner: string): string {
  return createHash('sha256').update(owner, 'utf8').digest('hex').slice(0, 32);
}

const streamOf = (key: string) => `${CALENDAR_FEED_TOKENS_STREAM_PREFIX}${key}`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Calendar feed tokens (issue 28 §3, ADR 0028): a person issues, lists and revokes their own;
 * the feed route checks one. Each owner's tokens are a stream of the event store: read whole and
 * checked at each use (strongly consistent, so a revocation holds from its answer on), and an
 * access grant is on the record with who and when, like every other.
 */
export class CalendarFeedTokenHandlers {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  /** A new token for the caller; the answer is the only place its secret ever appears. */
  async issue(
    input: { label: string; days?: number },
    context: RequestContext,
  ): Promise<ListedCalendarFeedToken & { feed_token: string }> {
    const owner = this.personOf(context.actor);
    const key = feedTokenStreamKey(owner);
    const secret = `${CALENDAR_FEED_TOKEN_PREFIX}${key}_${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const event: CalendarFeedTokenEvent = {
      type: 'CalendarFeedTokenIssued',
      data: {
        tokenId: this.newId(),
        owner,
        roles: [...context.actor.roles],
        label: input.label,
        secretSha256: sha256(secret),
        issuedAt: now.toISOString(),
        expiresAt: new Date(
          now.getTime() + (input.days ?? DEFAULT_FEED_TOKEN_DAYS) * 86_400_000,
        ).toISOString(),
      },
    };
    // Appended at any revision: a token only adds to the stream, whatever else it holds.
    await this.store.appendToStream(
      streamOf(key),
      [envelopeAt(this.newId(), event, context, event.data.issuedAt)],
      { expectedRevision: 'any' },
    );
    const { tokens } = await this.load(key);
    return { ...listed(tokens.get(event.data.tokenId)!), feed_token: secret };
  }

  /** The caller's tokens, newest first, revoked ones included (they say when and by whom). */
  async list(actor: AuthenticatedActor): Promise<ListedCalendarFeedToken[]> {
    const { tokens } = await this.load(feedTokenStreamKey(this.personOf(actor)));
    return [...tokens.values()].reverse().map(listed);
  }

  /**
   * Revokes one of the caller's tokens. A token id of someone else's is not in the caller's
   * stream, so it is answered as unknown (404), never revoked. Revoking twice answers the first
   * revocation.
   */
  async revoke(tokenId: string, context: RequestContext): Promise<ListedCalendarFeedToken> {
    const key = feedTokenStreamKey(this.personOf(context.actor));
    const { tokens, revision } = await this.load(key);
    const token = tokens.get(tokenId);
    if (!token) throw new CalendarFeedTokenNotFoundError(tokenId);
    if (token.revoked) return listed(token);
    const revokedAt = this.clock.now().toISOString();
    const event: CalendarFeedTokenEvent = {
      type: 'CalendarFeedTokenRevoked',
      data: { tokenId, revokedBy: context.actor.id, revokedAt },
    };
    await this.store.appendToStream(
      streamOf(key),
      [envelopeAt(this.newId(), event, context, revokedAt)],
      // A token issued meanwhile is no reason to fail: append after whatever is there.
      { expectedRevision: revision ?? 'any' },
    );
    return listed(evolveCalendarFeedTokens(tokens, event).get(tokenId)!);
  }

  /**
   * The reader a presented feed token stands for, or why it stands for none. Compared by hash,
   * in constant time, against every live token of the stream it names.
   */
  async check(
    presented: string | undefined,
  ): Promise<{ ok: true; reader: CalendarFeedReader } | { ok: false; reason: string }> {
    const match = presented === undefined ? null : TOKEN_SHAPE.exec(presented);
    if (!match) return { ok: false, reason: 'no calendar feed token, or not one in its shape' };
    const { tokens } = await this.load(match[1]!);
    const hash = Buffer.from(sha256(presented!), 'hex');
    const token = [...tokens.values()].find((candidate) =>
      timingSafeEqual(hash, Buffer.from(candidate.secretSha256, 'hex')),
    );
    const refusal = calendarFeedTokenRefusal(token, this.clock.now());
    if (refusal !== null || !token) return { ok: false, reason: refusal ?? 'unknown' };
    return { ok: true, reader: { owner: token.owner, roles: token.roles, tokenId: token.tokenId } };
  }

  private personOf(actor: AuthenticatedActor): string {
    if (actor.kind !== 'user') throw new FeedTokensAreForPeopleError(actor.id);
    return actor.id;
  }

  private async load(key: string): Promise<{ tokens: CalendarFeedTokens; revision?: number }> {
    const events = await this.store.readStream(streamOf(key));
    let tokens: CalendarFeedTokens = new Map<string, CalendarFeedToken>();
    for (const event of events) {
      const typed = storedAs<CalendarFeedTokenEvent>(event, CALENDAR_FEED_TOKEN_EVENT_TYPES);
      if (typed) tokens = evolveCalendarFeedTokens(tokens, typed);
    }
    return { tokens, revision: events.at(-1)?.revision };
  }
}

function listed(token: CalendarFeedToken): ListedCalendarFeedToken {
  return {
    token_id: token.tokenId,
    label: token.label,
    issued_at: token.issuedAt,
    expires_at: token.expiresAt,
    revoked_at: token.revoked?.at ?? null,
    revoked_by: token.revoked?.by ?? null,
  };
}
