import path from 'node:path';
import { Writable } from 'node:stream';
import { createPool } from '@change-ledger/event-store';
import { createRootLogger } from '@change-ledger/operations';
import ical, { type VEvent } from 'node-ical';
import request from 'supertest';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import { bearer, type Person, tokenOf, useTestApi } from '../support/test-api';

const CALENDAR_POLICY = path.resolve(__dirname, '../../libs/policy/src/calendar.fixture.yaml');
/** Monday 23 November 2026, 10:00 UTC: the injected clock. */
const NOW = new Date('2026-11-23T10:00:00Z');
const TOKENS = '/api/v1/me/calendar-feed-tokens';
const FEED = `${API}/calendar.ics`;

/**
 * The calendar by URL with a per-person feed token (issue 28 §3, ADR 0028), held to what an
 * insider might try: the feed token as an API token, an API token in the feed's URL, revoking
 * someone else's token, a revoked token, the token in the request log.
 */
describe('The calendar feed by URL', () => {
  const lines: Record<string, unknown>[] = [];
  const api = useTestApi(async () => ({
    clock: { now: () => NOW },
    policyFile: CALENDAR_POLICY,
    logger: createRootLogger({ service: 'api', destination: collect(lines) }),
  }));
  const http = () => request(api.app.getHttpServer());
  const query = async (text: string, values: unknown[]) => {
    const pool = createPool('calendar-feed test', { connectionString: api.database.url, max: 1 });
    try {
      return (await pool.query<Record<string, unknown>>(text, values)).rows;
    } finally {
      await pool.end();
    }
  };
  const issue = async (who: Person, label = 'phone') =>
    (await http().post(TOKENS).set(bearer(who)).send({ label }).expect(201)).body as {
      token_id: string;
      feed_token: string;
      feed_url: string;
      expires_at: string;
    };

  it('issues a token whose secret is shown once, and lists it without the secret', async () => {
    const issued = await issue('manager');
    expect(issued.feed_token).toMatch(/^clf_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(issued.feed_url).toMatch(/\/api\/v1\/change-management\/calendar\.ics\?feed_token=clf_/);
    // 180 days by default.
    expect(issued.expires_at).toBe('2027-05-22T10:00:00.000Z');
    const listed = await http().get(TOKENS).set(bearer('manager')).expect(200);
    expect(listed.body.calendar_feed_tokens).toEqual([
      expect.objectContaining({ token_id: issued.token_id, label: 'phone', revoked_at: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.feed_token.slice(37));
    // Another person lists their own, not mine.
    const theirs = await http().get(TOKENS).set(bearer('qa')).expect(200);
    expect(theirs.body.calendar_feed_tokens).toEqual([]);
  });

  it('serves the iCalendar feed for the window around today, saying which', async () => {
    const id = await createApprovedChange(api.app, { title: 'Rotate signing keys', links: {} });
    await http()
      .post(`${API}/change-requests/${id}/schedule`)
      .set(bearer('changeManager'))
      .send({ scheduled_for: '2026-11-26T01:00:00Z' })
      .expect(200);
    const { feed_token } = await issue('auditor', 'work calendar');
    let text = '';
    // The read model follows the write: a calendar app's next fetch shows it.
    for (let attempt = 0; attempt < 100 && !text.includes(id); attempt++) {
      const feed = await http()
        .get(FEED)
        .query({ feed_token })
        .expect(200)
        .expect('Content-Type', /^text\/calendar/)
        .expect('Cache-Control', 'private, no-store');
      text = feed.text;
      if (!text.includes(id)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Long lines are folded (RFC 5545 §3.1): unfolded, the feed says its window.
    const description = /^X-WR-CALDESC:(.*)$/m.exec(text.replace(/\r\n[ \t]/g, ''))?.[1];
    expect(description).toContain('from 7 days before today to 31 days after (UTC)');
    expect(description).toContain('2026-11-16 to 2026-12-24');
    expect(text).toMatch(/REFRESH-INTERVAL;VALUE=DURATION:PT1H/);
    const events = Object.values(ical.sync.parseICS(text)).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    expect(events.map((event) => String(event.summary))).toContain(`${id}: Rotate signing keys`);
  });

  it('lets read-only people and people without a role subscribe, and refuses services', async () => {
    await issue('auditor');
    await issue('nobody');
    const refused = await http()
      .post(TOKENS)
      .set(bearer('pipeline'))
      .send({ label: 'bot' })
      .expect(403);
    expect(refused.body.code).toBe('CALENDAR_FEED.PEOPLE_ONLY');
  });

  it('opens nothing but the feed: not as a bearer token, not in another route’s query', async () => {
    const { feed_token } = await issue('changeManager');
    const asBearer = { Authorization: `Bearer ${feed_token}` };
    for (const route of [`${API}/calendar`, `${API}/change-requests`, '/api/v1/me', TOKENS]) {
      const refused = await http().get(route).set(asBearer).expect(401);
      expect(refused.body.code).toBe('AUTH.UNAUTHENTICATED');
      await http().get(route).query({ feed_token }).expect(401);
      // Not even beside a valid API token.
      await http().get(route).query({ feed_token }).set(bearer('changeManager')).expect(401);
    }
    await http().post(TOKENS).set(asBearer).send({ label: 'more' }).expect(401);
    await http().get(`${API}/calendar`).query({ feed_token, format: 'ics' }).expect(401);
  });

  it('takes no API token in its URL, nor in the Authorization header', async () => {
    await http()
      .get(FEED)
      .query({ feed_token: tokenOf('auditor') })
      .expect(401);
    await http().get(FEED).set(bearer('auditor')).expect(401);
    await http().get(FEED).expect(401);
  });

  it('revokes my token and not another person’s; a revoked token opens nothing', async () => {
    const mine = await issue('qa', 'tablet');
    const theirs = await issue('implementer', 'laptop');
    // Someone else's id is not mine to revoke: answered as unknown, and it keeps working.
    const refused = await http()
      .delete(`${TOKENS}/${theirs.token_id}`)
      .set(bearer('qa'))
      .expect(404);
    expect(refused.body.code).toBe('CALENDAR_FEED.TOKEN_NOT_FOUND');
    await http().get(FEED).query({ feed_token: theirs.feed_token }).expect(200);

    await http().get(FEED).query({ feed_token: mine.feed_token }).expect(200);
    const revoked = await http().delete(`${TOKENS}/${mine.token_id}`).set(bearer('qa')).expect(200);
    expect(revoked.body).toMatchObject({ token_id: mine.token_id, revoked_by: 'quinn' });
    expect(revoked.body.revoked_at).toBe(NOW.toISOString());
    const gone = await http().get(FEED).query({ feed_token: mine.feed_token }).expect(401);
    expect(gone.body.detail ?? gone.body.title).toMatch(/revoked/);
    const listed = await http().get(TOKENS).set(bearer('qa')).expect(200);
    expect(listed.body.calendar_feed_tokens[0]).toMatchObject({ revoked_at: NOW.toISOString() });
    await http().delete(`${TOKENS}/not-a-uuid`).set(bearer('qa')).expect(400);
  });

  it('records issuing and revoking in the ledger, with the hash of the secret and never the secret', async () => {
    const issued = await issue('securityTeam', 'audit me');
    await http().delete(`${TOKENS}/${issued.token_id}`).set(bearer('securityTeam')).expect(200);
    const rows = await query(
      `SELECT type, data FROM ledger.events WHERE stream_id LIKE 'calendar-feed-tokens-%'
        AND data->>'tokenId' = $1 ORDER BY revision`,
      [issued.token_id],
    );
    expect(rows.map((row) => row.type)).toEqual([
      'CalendarFeedTokenIssued',
      'CalendarFeedTokenRevoked',
    ]);
    expect(rows[0]!.data).toMatchObject({ owner: 'sam', roles: ['security-team'] });
    const anywhere = await query(
      `SELECT 1 FROM ledger.events WHERE data::text LIKE '%' || $1 || '%'`,
      [issued.feed_token.slice(37)],
    );
    expect(anywhere).toEqual([]);
  });

  it('never writes a feed token into the request log', async () => {
    const { feed_token } = await issue('platformEngineer');
    await http().get(FEED).query({ feed_token }).expect(200);
    await http().get(`${API}/change-requests`).query({ feed_token }).expect(401);
    await http().get(`${API}/calendar`).query({ x: feed_token }).expect(401);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(feed_token.slice(37));
    const feedLine = lines.find(
      (line) =>
        (line.req as { url?: string } | undefined)?.url === `${FEED}?feed_token=[redacted]` &&
        line.principal === 'pat',
    );
    expect(feedLine).toBeDefined();
  });
});

function collect(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}
