import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import {
  type ChangeRequestEvent,
  type ChangeRequestState,
  decide,
  evolve,
} from '@change-ledger/domain';
import { jsonData, type PostgresEventStore } from '@change-ledger/event-store';
import { parsePolicy } from '@change-ledger/policy';
import { ProjectionRunner } from '@change-ledger/read-models';
import { type Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  command,
  create,
  createEmergency,
  fact,
  fullyApproved,
  hotfix,
  implement,
  implementer,
  changeManager,
  policy as domainPolicy,
  report,
  requester,
  securityTeam,
  type Step,
} from '../../domain/src/change-request/testing/specs';
import { useTestDatabase } from '../../../test/support/test-database';
import {
  type ChannelSenders,
  emailSender,
  slackSender,
  webhookSender,
  webhookSignature,
} from './delivery/channels';
import { OutboxDispatcher, OutboxQueries } from './delivery/outbox-dispatcher';
import { NotificationOperations } from './operate/notification-operations';
import { notificationPlanner } from './plan/notification-planner';

const SECRET = 'a-shared-secret-of-the-webhook';
const { notifications } = parsePolicy(
  readFileSync(path.resolve(__dirname, '../../policy/src/calendar.fixture.yaml'), 'utf8'),
  'calendar.fixture.yaml',
);

/** What the receivers took: one entry per acknowledged message. */
interface Received {
  channel: 'email' | 'slack' | 'webhook';
  recipient: string;
  eventId: string;
  text: string;
}

jest.setTimeout(60_000);

describe('Notifications', () => {
  const database = useTestDatabase();
  let store: PostgresEventStore;
  let pool: Pool;
  let smtp: SMTPServer;
  let http: Server;
  let smtpPort: number;
  let httpPort: number;
  const received: Received[] = [];
  /** While set, the HTTP receiver answers 503 to everything: "down for a while". */
  let httpDown = false;

  beforeAll(async () => {
    store = database.writerStore();
    pool = database.rolePool('notifier test', 'ledger_projector');
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          const eventId = /^X-Ledger-Event-Id: (\S+)/im.exec(raw)?.[1] ?? 'none';
          for (const to of session.envelope.rcptTo) {
            received.push({ channel: 'email', recipient: to.address, eventId, text: raw });
          }
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    http = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (httpDown) {
          response.writeHead(503).end('down for maintenance');
          return;
        }
        if (request.url === '/webhook') {
          const timestamp = String(request.headers['x-ledger-timestamp']);
          if (request.headers['x-ledger-signature'] !== webhookSignature(SECRET, timestamp, body)) {
            response.writeHead(401).end('bad signature');
            return;
          }
          const { event_id: eventId } = JSON.parse(body) as { event_id: string };
          received.push({ channel: 'webhook', recipient: 'webhook', eventId, text: body });
        } else {
          const channel = `#${request.url!.slice('/slack/'.length)}`;
          const { text } = JSON.parse(body) as { text: string };
          // A Slack message carries no event id: the test finds it through the change it names.
          received.push({ channel: 'slack', recipient: channel, eventId: 'slack', text });
        }
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpPort = (http.address() as AddressInfo).port;
  });
  const opened: ChannelSenders[] = [];
  afterAll(async () => {
    for (const senders of opened) for (const sender of Object.values(senders)) sender.close?.();
    http?.closeAllConnections();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await new Promise((resolve) => http?.close(resolve));
  });

  const slackChannels = ['#engineering', '#security', '#change-management'];
  function notifier() {
    const senders: ChannelSenders = {
      email: emailSender({
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        from: notifications.emailFrom,
      }),
      slack: slackSender(
        Object.fromEntries(
          slackChannels.map((channel) => [
            channel,
            `http://127.0.0.1:${httpPort}/slack/${channel.slice(1)}`,
          ]),
        ),
      ),
      webhook: webhookSender({ url: `http://127.0.0.1:${httpPort}/webhook`, secret: SECRET }),
    };
    opened.push(senders);
    const planner = notificationPlanner(store, {
      policy: notifications,
      publicUrl: 'https://ledger.example.com',
      configured: new Set(['email', 'slack', 'webhook']),
      slackChannels: new Set(slackChannels),
    });
    const runner = new ProjectionRunner({
      store,
      pool,
      projections: [planner],
      pollIntervalMs: 20,
    });
    const dispatcher = new OutboxDispatcher({
      pool,
      senders,
      backoffMs: 20,
      maxBackoffMs: 100,
      maxAttempts: 1000,
      pollIntervalMs: 20,
    });
    return { senders, planner, runner, dispatcher };
  }

  /** Runs commands through the real decider and appends what it decides, as the API would. */
  let serial = 0;
  let clock = Date.now() - 10 * 24 * 3600_000;
  async function run(steps: Array<Step | [Step, number]>): Promise<string> {
    const id = `CHG-2026-${String(++serial).padStart(3, '0')}`;
    let state: ChangeRequestState = { status: 'absent' };
    for (const entry of steps) {
      const [[actor, make], advanceMinutes] = Array.isArray(entry[0])
        ? (entry as [Step, number])
        : [entry as Step, 1];
      clock += advanceMinutes * 60_000;
      const events: ChangeRequestEvent[] = decide(
        make({ changeRequestId: id, actor, at: new Date(clock).toISOString() }),
        state,
      );
      state = events.reduce(evolve, state);
      await store.appendToStream(
        `change-request-${id}`,
        events.map((event) => ({
          id: randomUUID(),
          type: event.type,
          data: jsonData(event.data),
          metadata: {
            actor: { ...actor, authenticatedBy: 'api-token' },
            occurredAt: new Date(clock).toISOString(),
            correlationId: randomUUID(),
            source: { kind: 'system', process: 'notifier test' },
          },
        })),
        { expectedRevision: 'any' },
      );
    }
    return id;
  }

  const outbox = () => new OutboxQueries(pool);
  async function settle(
    dispatcher: OutboxDispatcher,
    runner: ProjectionRunner,
    planner: ReturnType<typeof notifier>['planner'],
  ) {
    await runner.catchUp(planner);
    for (let i = 0; i < 400; i++) {
      await dispatcher.drain();
      const pending = await outbox().list({ status: 'pending', limit: 1 });
      if (pending.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the outbox did not empty');
  }
  const eventIds = async () =>
    (await store.readAll({ maxCount: 10_000 })).filter((event) =>
      event.streamId.startsWith('change-request-'),
    );
  const duplicates = () => {
    const seen = new Map<string, number>();
    for (const message of received.filter((entry) => entry.channel !== 'slack')) {
      const key = `${message.channel} ${message.recipient} ${message.eventId}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return [...seen].filter(([, count]) => count > 1);
  };

  const policy = domainPolicy;
  const at = (offsetMinutes: number) => new Date(clock + offsetMinutes * 60_000).toISOString();
  /** One change of every kind of notification: the events issue 17 lists. */
  async function everyKind(): Promise<Record<string, string>> {
    const approved = await run([
      [requester, create()],
      [[changeManager, command('RecordMissedDeadline', { deadline: 'approval' })], 25 * 60],
      ...fullyApproved(),
      [
        changeManager,
        command('ScheduleChange', {
          scheduledFor: at(3 * 24 * 60),
          scheduledUntil: null,
          maintenanceWindow: true,
          policy,
        }),
      ],
      [implementer, implement()],
      [
        implementer,
        command('RollBackChange', {
          reason: 'error rate doubled',
          incidentId: `INC-${serial}`,
          severity: 'P2',
          policy,
        }),
      ],
    ]);
    const rejected = await run([
      [requester, create()],
      [
        securityTeam,
        command('RejectChangeRequest', { role: null, reason: 'no threat model', policy }),
      ],
    ]);
    const emergency = await run([
      [requester, createEmergency(hotfix)],
      [implementer, implement()],
      [
        [changeManager, command('RecordMissedDeadline', { deadline: 'emergency_documentation' })],
        25 * 60,
      ],
    ]);
    const unauthorized = await run([
      [requester, create()],
      report(fact({ changeRequestId: null })),
    ]);
    return { approved, rejected, emergency, unauthorized };
  }

  /** The outbox rows of a change, by kind: what was planned for it. */
  async function planned(changeRequestId: string) {
    const rows = await outbox().list({ limit: 10_000 });
    const byKind: Record<string, string[]> = {};
    for (const row of rows.filter((entry) => entry.change_request_id === changeRequestId)) {
      (byKind[row.kind] ??= []).push(`${row.channel} ${row.recipient}`);
    }
    for (const list of Object.values(byKind)) list.sort();
    return byKind;
  }

  it('sends each kind of notification once, to the addresses of the roles it is for', async () => {
    const { runner, planner, dispatcher } = notifier();
    const ids = await everyKind();
    await settle(dispatcher, runner, planner);

    expect(await planned(ids.approved!)).toEqual({
      approval_requested: [
        'email change-managers@example.com',
        'email eng-managers@example.com',
        'email qa@example.com',
        'email security@example.com',
        'slack #change-management',
        'slack #security',
        'webhook webhook',
      ],
      approval_overdue: expect.arrayContaining([
        'email change-managers@example.com',
        'webhook webhook',
      ]),
      approved: ['email requester@example.com', 'webhook webhook'],
      scheduled: expect.arrayContaining([
        'email requester@example.com',
        'slack #engineering',
        'email security@example.com',
      ]),
      rolled_back: expect.arrayContaining(['email requester@example.com', 'slack #engineering']),
      incident: expect.arrayContaining(['email requester@example.com', 'webhook webhook']),
    });
    expect(await planned(ids.rejected!)).toMatchObject({
      approval_requested: expect.any(Array),
      rejected: ['email requester@example.com', 'webhook webhook'],
    });
    expect(await planned(ids.emergency!)).toMatchObject({
      emergency_implemented: expect.arrayContaining(['slack #engineering']),
      deadline_missed: expect.arrayContaining(['email requester@example.com']),
    });
    expect(await planned(ids.unauthorized!)).toMatchObject({
      unauthorized_change: ['email security@example.com', 'slack #security', 'webhook webhook'],
    });

    // Every planned delivery reached its receiver exactly once; the webhook once per event.
    const sent = await outbox().list({ status: 'sent', limit: 10_000 });
    expect(await outbox().list({ status: 'parked', limit: 10 })).toEqual([]);
    expect(received.filter((entry) => entry.channel !== 'slack')).toHaveLength(
      sent.filter((entry) => entry.channel !== 'slack').length,
    );
    expect(received.filter((entry) => entry.channel === 'slack')).toHaveLength(
      sent.filter((entry) => entry.channel === 'slack').length,
    );
    expect(duplicates()).toEqual([]);
    const webhookEvents = received.filter((entry) => entry.channel === 'webhook');
    expect(new Set(webhookEvents.map((entry) => entry.eventId)).size).toBe(webhookEvents.length);
    const emergencySlack = received.find(
      (entry) =>
        entry.recipient === '#engineering' && entry.text.includes('Emergency change implemented'),
    );
    expect(emergencySlack?.text).toContain(`https://ledger.example.com/#/changes/${ids.emergency}`);
    // The mail body is quoted-printable: its soft line breaks undone, the link is whole.
    const mail = received.find(
      (entry) =>
        entry.channel === 'email' && entry.text.includes('X-Ledger-Notification: approved'),
    );
    expect(mail?.text.replace(/=\r?\n/g, '')).toContain(
      `Open the change: https://ledger.example.com/#/changes/${ids.approved}`,
    );

    // Replaying the whole subscription (a rebuild, or a checkpoint lost) plans nothing new.
    const before = sent.length;
    await runner.rebuild(planner);
    await dispatcher.drain();
    expect(await outbox().list({ status: 'sent', limit: 10_000 })).toHaveLength(before);
    expect(duplicates()).toEqual([]);
  });

  it('delivers everything once a receiver that was down is back, and sends the rest meanwhile', async () => {
    const { runner, planner, dispatcher } = notifier();
    received.length = 0;
    httpDown = true;
    const ids = await everyKind();
    await runner.catchUp(planner);
    for (let i = 0; i < 5; i++) {
      await dispatcher.drain();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // Email went out while Slack and the webhook were down; they wait, retried with backoff.
    expect(received.filter((entry) => entry.channel === 'email').length).toBeGreaterThan(0);
    const waiting = await outbox().list({ status: 'pending', limit: 10_000 });
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((entry) => entry.attempts >= 1 && entry.last_error?.includes('503'))).toBe(
      true,
    );

    httpDown = false;
    await settle(dispatcher, runner, planner);
    const webhookIds = new Set(
      received.filter((entry) => entry.channel === 'webhook').map((entry) => entry.eventId),
    );
    const events = (await eventIds()).filter((event) =>
      Object.values(ids).some((id) => event.streamId === `change-request-${id}`),
    );
    const notified = (await outbox().list({ limit: 10_000 })).filter(
      (entry) => entry.channel === 'webhook',
    );
    expect(notified.length).toBeGreaterThan(0);
    for (const entry of notified.filter((row) =>
      events.some((event) => event.id === row.event_id),
    )) {
      expect(webhookIds.has(entry.event_id)).toBe(true);
    }
    expect(duplicates()).toEqual([]);
  });

  it('sends nothing twice across a restart of the notifier in the middle', async () => {
    received.length = 0;
    const first = notifier();
    const ids = await everyKind();
    first.runner.start();
    first.dispatcher.start();
    // Stop once some, not all, of this batch went out.
    for (let i = 0; i < 400 && received.length < 5; i++)
      await new Promise((r) => setTimeout(r, 10));
    await first.dispatcher.stop();
    await first.runner.stop();
    const acknowledged = (await outbox().list({ status: 'sent', limit: 10_000 })).length;

    const second = notifier();
    second.runner.start();
    second.dispatcher.start();
    await settle(second.dispatcher, second.runner, second.planner);
    await second.dispatcher.stop();
    await second.runner.stop();

    expect((await outbox().list({ status: 'sent', limit: 10_000 })).length).toBeGreaterThan(
      acknowledged,
    );
    expect(await planned(ids.unauthorized!)).toMatchObject({
      unauthorized_change: expect.any(Array),
    });
    expect(duplicates()).toEqual([]);
    const thisBatch = (await outbox().list({ limit: 10_000 })).filter(
      (entry) =>
        Object.values(ids).includes(entry.change_request_id ?? '') && entry.channel !== 'slack',
    );
    const batchEvents = new Set(thisBatch.map((entry) => entry.event_id));
    expect(
      received.filter((entry) => entry.channel !== 'slack' && batchEvents.has(entry.eventId)),
    ).toHaveLength(thisBatch.length);
  });

  it('parks a delivery that keeps failing, visible with its error, and sends the others', async () => {
    received.length = 0;
    const { runner, planner } = notifier();
    const senders: ChannelSenders = {
      ...notifier().senders,
      slack: { send: () => Promise.reject(new Error('channel_not_found')) },
    };
    const dispatcher = new OutboxDispatcher({ pool, senders, backoffMs: 1, maxAttempts: 2 });
    const ids = await everyKind();
    await settle(dispatcher, runner, planner);
    const parked = (await outbox().list({ status: 'parked', limit: 10_000 })).filter((entry) =>
      Object.values(ids).includes(entry.change_request_id ?? ''),
    );
    expect(parked.length).toBeGreaterThan(0);
    expect(parked.every((entry) => entry.channel === 'slack' && entry.attempts === 2)).toBe(true);
    expect(parked[0]!.last_error).toBe('channel_not_found');
    expect(received.filter((entry) => entry.channel === 'email').length).toBeGreaterThan(0);
  });

  /** An operator's request as the API makes it. */
  const operations = () =>
    new NotificationOperations(
      store,
      outbox(),
      () => notifications,
      { now: () => new Date() },
      randomUUID,
    );
  const asRequest = (actor: typeof changeManager) => ({
    actor: { ...actor, roles: [...actor.roles], authenticatedBy: 'api-token' },
    requestId: randomUUID(),
    correlationId: randomUUID(),
  });

  it('resends a parked delivery an operator asks for, once, saying who asked and when', async () => {
    const { runner, planner, senders } = notifier();
    const parking = new OutboxDispatcher({
      pool,
      senders: {
        ...senders,
        slack: { send: () => Promise.reject(new Error('channel_not_found')) },
      },
      backoffMs: 1,
      maxAttempts: 1,
    });
    const ids = await everyKind();
    await settle(parking, runner, planner);
    const parked = (await outbox().list({ status: 'parked', limit: 10_000 })).filter((entry) =>
      Object.values(ids).includes(entry.change_request_id ?? ''),
    );
    const delivery = parked[0]!;
    const sent = (await outbox().list({ status: 'sent', limit: 1 }))[0]!;

    await expect(operations().resend(delivery.id, asRequest(requester))).rejects.toMatchObject({
      code: 'NOTIFICATIONS.NOT_AN_OPERATOR',
    });
    await expect(operations().resend('99999999', asRequest(changeManager))).rejects.toMatchObject({
      code: 'NOTIFICATIONS.DELIVERY_NOT_FOUND',
    });
    await expect(operations().resend(sent.id, asRequest(changeManager))).rejects.toMatchObject({
      code: 'NOTIFICATIONS.NOT_PARKED',
    });

    const answer = await operations().resend(delivery.id, asRequest(changeManager));
    await runner.catchUp(planner);
    expect(await outbox().get(delivery.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      resent_by: 'carl',
      resent_at: answer.requested_at,
    });
    // Only the one asked for: the other parked deliveries stay parked.
    expect((await outbox().get(parked[1]!.id))?.status).toBe('parked');
    await settle(new OutboxDispatcher({ pool, senders, backoffMs: 1 }), runner, planner);
    expect((await outbox().get(delivery.id))?.status).toBe('sent');

    // Read again (a rebuild of the planner), the request is not carried out a second time.
    await pool.query(`UPDATE notifications.outbox SET status = 'parked' WHERE id = $1`, [
      delivery.id,
    ]);
    const [request] = (await store.readStream('ledger-notifications')).slice(-1);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await planner.apply(client, [request!], (name) => name);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect((await outbox().get(delivery.id))?.status).toBe('parked');
  });

  it('replays a window for a channel enabled late: that channel alone, and nothing twice', async () => {
    const { rows } = await pool.query<{ now: Date }>('SELECT now() AS now');
    const since = rows[0]!.now;
    // The ledger's notifier ran without the webhook: it passed these events, planning none for it.
    const { runner, planner } = notifier();
    const withoutWebhook = notificationPlanner(store, {
      policy: notifications,
      publicUrl: 'https://ledger.example.com',
      configured: new Set(['email', 'slack']),
      slackChannels: new Set(slackChannels),
    });
    const early = new ProjectionRunner({ store, pool, projections: [withoutWebhook] });
    const ids = await everyKind();
    await early.catchUp(withoutWebhook);
    const ofThese = async () =>
      (await outbox().list({ limit: 10_000 })).filter((entry) =>
        Object.values(ids).includes(entry.change_request_id ?? ''),
      );
    const before = await ofThese();
    expect(before.filter((entry) => entry.channel === 'webhook')).toEqual([]);

    // Enabled now: what comes next is planned for it, and the window is planned on request.
    await expect(
      operations().replay({ channel: 'webhook', since }, asRequest(requester)),
    ).rejects.toMatchObject({ code: 'NOTIFICATIONS.NOT_AN_OPERATOR' });
    const answer = await operations().replay(
      { channel: 'webhook', since },
      asRequest(changeManager),
    );
    await runner.catchUp(planner);
    const after = await ofThese();
    const replayed = after.filter((entry) => entry.replay_id === answer.replay_id);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((entry) => entry.channel === 'webhook')).toBe(true);
    // One per event, and the other channels' deliveries untouched.
    expect(new Set(replayed.map((entry) => entry.event_id)).size).toBe(replayed.length);
    expect(after.filter((entry) => entry.channel !== 'webhook').length).toBe(before.length);

    // The same window again plans nothing: what was planned stays planned once.
    const again = await operations().replay(
      { channel: 'webhook', since },
      asRequest(changeManager),
    );
    await runner.catchUp(planner);
    expect((await ofThese()).length).toBe(after.length);
    const [request] = (await store.readStream('ledger-notifications')).slice(-1);
    expect(request?.data).toMatchObject({ replayId: again.replay_id, requestedBy: 'carl' });
    const { rows: carried } = await pool.query<{ deliveries: number }>(
      'SELECT deliveries FROM notifications.requests_carried_out WHERE event_id = $1',
      [request!.id],
    );
    expect(carried).toEqual([{ deliveries: 0 }]);
  });
});
