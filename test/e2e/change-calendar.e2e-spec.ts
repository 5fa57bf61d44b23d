import path from 'node:path';
import ical, { type VEvent } from 'node-ical';
import request from 'supertest';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

/** API-CONFIG's config.yaml with issue 17's calendar: Tue/Thu 02:00–04:00 Europe/Berlin, 24 h notice. */
const CALENDAR_POLICY = path.resolve(__dirname, '../../libs/policy/src/calendar.fixture.yaml');
/** Monday 23 November 2026, 10:00 UTC: the injected clock. */
const NOW = new Date('2026-11-23T10:00:00Z');
/** Thursday 26 November, 02:00 Berlin (CET, UTC+1). */
const THURSDAY_WINDOW = '2026-11-26T01:00:00Z';

describe('The change calendar', () => {
  const api = useTestApi({ clock: { now: () => NOW }, policyFile: CALENDAR_POLICY });
  const http = () => request(api.app.getHttpServer());

  const schedule = (id: string, body: Record<string, unknown>) =>
    http().post(`${API}/change-requests/${id}/schedule`).set(bearer('changeManager')).send(body);

  it('refuses a time inside the notice period or outside the window, with the next slots', async () => {
    const id = await createApprovedChange(api.app, { title: 'Rotate signing keys', links: {} });
    const tooSoon = await schedule(id, { scheduled_for: '2026-11-24T01:00:00Z' }).expect(400);
    expect(tooSoon.body).toMatchObject({
      code: 'CHANGE_REQUEST.SCHEDULE_NOT_ALLOWED',
      errors: [{ field: 'scheduled_for' }],
      context: {
        problems: [{ rule: 'notice_period' }],
        nextSlots: [
          { start: '2026-11-26T01:00:00.000Z', end: '2026-11-26T03:00:00.000Z' },
          { start: '2026-12-01T01:00:00.000Z' },
          { start: '2026-12-03T01:00:00.000Z' },
        ],
      },
    });
    const midday = await schedule(id, { scheduled_for: '2026-11-26T12:00:00Z' }).expect(400);
    expect(midday.body.context.problems).toEqual([
      expect.objectContaining({ rule: 'maintenance_window' }),
    ]);
  });

  it('schedules two changes on one system in one window, and marks both as conflicting', async () => {
    const first = await createApprovedChange(api.app, { title: 'Upgrade the IdP', links: {} });
    const second = await createApprovedChange(api.app, { title: 'Enforce MFA', links: {} });
    const firstScheduled = await schedule(first, { scheduled_for: THURSDAY_WINDOW }).expect(200);
    expect(firstScheduled.body).toMatchObject({
      status: 'scheduled',
      scheduled_until: '2026-11-26T03:00:00.000Z',
    });
    await waitForPosition(firstScheduled.body.position);
    const secondScheduled = await schedule(second, {
      scheduled_for: '2026-11-26T02:00:00Z',
      scheduled_until: '2026-11-26T02:45:00Z',
    }).expect(200);
    expect(secondScheduled.body.conflicts).toEqual([
      {
        change_request_id: first,
        systems: ['authentication-service'],
        start: '2026-11-26T02:00:00.000Z',
        end: '2026-11-26T02:45:00.000Z',
      },
    ]);
    await waitForPosition(secondScheduled.body.position);
    const firstNow = await http()
      .get(`${API}/change-requests/${first}`)
      .set(bearer('auditor'))
      .expect(200);
    expect(firstNow.body.conflicts).toEqual([
      expect.objectContaining({ change_request_id: second }),
    ]);

    const view = await http()
      .get(`${API}/calendar`)
      .query({ from: '2026-11-23', to: '2026-11-30' })
      .set(bearer('auditor'))
      .expect(200);
    expect(view.body.changes).toEqual([
      expect.objectContaining({ change_request_id: first, conflicts_with: [second] }),
      expect.objectContaining({ change_request_id: second, conflicts_with: [first] }),
    ]);
    expect(view.body.conflicts).toEqual([
      expect.objectContaining({ change_request_ids: [first, second].sort() }),
    ]);
    expect(view.body.maintenance_windows).toEqual([
      { name: 'night window', start: '2026-11-24T01:00:00.000Z', end: '2026-11-24T03:00:00.000Z' },
      { name: 'night window', start: '2026-11-26T01:00:00.000Z', end: '2026-11-26T03:00:00.000Z' },
    ]);
    // Monday 23 to Monday 30 November: `to` a date includes its day, so six working days.
    expect(view.body.business_hours).toHaveLength(6);
  });

  it('serves the calendar as iCalendar that a real parser reads', async () => {
    const feed = await http()
      .get(`${API}/calendar`)
      .query({ from: '2026-11-23T00:00:00Z', to: '2027-01-10T00:00:00Z' })
      .set({ ...bearer('auditor'), Accept: 'text/calendar' })
      .expect(200)
      .expect('Content-Type', /^text\/calendar/);
    const events = Object.values(ical.sync.parseICS(feed.text)).filter(
      (entry): entry is VEvent => entry?.type === 'VEVENT',
    );
    const summaries = events.map((event) => String(event.summary));
    expect(summaries.filter((summary) => summary.startsWith('CHG-'))).toHaveLength(2);
    expect(summaries).toContain('Blackout: year-end freeze');
    expect(summaries.filter((summary) => summary.startsWith('Conflict: '))).toHaveLength(1);
    expect(
      summaries.filter((summary) => summary.startsWith('Maintenance window')),
    ).not.toHaveLength(0);
    const change = events.find((event) => String(event.summary).includes('Upgrade the IdP'))!;
    expect(change.start.toISOString()).toBe('2026-11-26T01:00:00.000Z');
    // URL;VALUE=URI:… comes back as a parameterised value. It opens the page's view of the
    // change (a person clicking it), not the JSON API, which would answer 401.
    const url: unknown = change.url;
    expect(typeof url === 'object' && url !== null && 'val' in url ? url.val : url).toMatch(
      /^https?:\/\/[^/]+\/#\/changes\/CHG-2026-\d+$/,
    );
    const blackout = events.find((event) => event.summary === 'Blackout: year-end freeze')!;
    expect(blackout.start.toISOString()).toBe('2026-12-18T23:00:00.000Z');
  });

  it('refuses a backwards or unreadable period, naming the field', async () => {
    const backwards = await http()
      .get(`${API}/calendar`)
      .query({ from: '2026-12-01', to: '2026-11-01' })
      .set(bearer('auditor'))
      .expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'to', reason: 'must be after from' }]);
    await http()
      .get(`${API}/calendar`)
      .query({ from: 'soon', to: '2026-11-01' })
      .set(bearer('auditor'))
      .expect(400);
  });

  it('shows the notification outbox, parked deliveries first, to any authenticated reader', async () => {
    const outbox = await http()
      .get(`${API}/notifications`)
      .query({ status: 'parked' })
      .set(bearer('auditor'))
      .expect(200);
    expect(outbox.body).toEqual({ notifications: [] });
    await http()
      .get(`${API}/notifications`)
      .query({ status: 'lost' })
      .set(bearer('auditor'))
      .expect(400);
    await http().get(`${API}/notifications`).expect(401);
  });

  async function waitForPosition(position: string): Promise<void> {
    await http()
      .get(`${API}/change-requests`)
      .query({ min_position: position })
      .set(bearer('auditor'))
      .expect(200);
  }
});
