import { type AddressInfo } from 'node:net';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API } from '../support/change-request-fixtures';
import { bearer, tokenOf, useTestApi } from '../support/test-api';

const NOTIFICATIONS = `${API}/notifications`;

/**
 * Operators' requests to the notifier over HTTP (issue 28): who may make them and what is
 * refused, named. What the notifier then does is libs/notifications' notifier.int-spec.ts.
 */
describe('Resending and replaying notifications', () => {
  const api = useTestApi();
  const http = () => request(api.app.getHttpServer());

  it('lets only the operator roles ask, and records who asked', async () => {
    // The seed policy: notifications over email and Slack; operators are change managers.
    await http().post(`${NOTIFICATIONS}/1/resend`).set(bearer('auditor')).expect(403);
    const engineer = await http()
      .post(`${NOTIFICATIONS}/replay`)
      .set(bearer('requester'))
      .send({ channel: 'email', since: '2026-01-01' })
      .expect(403);
    expect(engineer.body.code).toBe('NOTIFICATIONS.NOT_AN_OPERATOR');
    await http()
      .post(`${NOTIFICATIONS}/replay`)
      .send({ channel: 'email', since: '2026-01-01' })
      .expect(401);

    const replay = await http()
      .post(`${NOTIFICATIONS}/replay`)
      .set(bearer('changeManager'))
      .send({ channel: 'email', since: '2026-01-01' })
      .expect(202);
    expect(replay.body).toMatchObject({
      request: 'replay',
      channel: 'email',
      since: '2026-01-01T00:00:00.000Z',
      requested_by: 'carl',
    });
    expect(replay.body.replay_id).toEqual(expect.any(String));
    expect(replay.body.position).toEqual(expect.any(String));
  });

  it('refuses, naming the field, what cannot be carried out', async () => {
    const unknown = await http()
      .post(`${NOTIFICATIONS}/12345/resend`)
      .set(bearer('changeManager'))
      .expect(404);
    expect(unknown.body.code).toBe('NOTIFICATIONS.DELIVERY_NOT_FOUND');
    const notEnabled = await http()
      .post(`${NOTIFICATIONS}/replay`)
      .set(bearer('changeManager'))
      .send({ channel: 'webhook', since: '2026-01-01' })
      .expect(400);
    expect(notEnabled.body.errors).toEqual([
      { field: 'channel', reason: 'is not an enabled channel of the policy' },
    ]);
    const pigeon = await http()
      .post(`${NOTIFICATIONS}/replay`)
      .set(bearer('changeManager'))
      .send({ channel: 'pigeon', since: '2026-01-01' })
      .expect(400);
    expect(pigeon.body.errors.map((error: { field: string }) => error.field)).toEqual(['channel']);
    const noSince = await http()
      .post(`${NOTIFICATIONS}/replay`)
      .set(bearer('changeManager'))
      .send({ channel: 'email' })
      .expect(400);
    expect(noSince.body.errors.map((error: { field: string }) => error.field)).toEqual(['since']);
    const backwards = await http()
      .post(`${NOTIFICATIONS}/replay`)
      .set(bearer('changeManager'))
      .send({ channel: 'email', since: '2026-03-01', until: '2026-02-01' })
      .expect(400);
    expect(backwards.body.errors).toEqual([
      { field: 'since', reason: 'must be before until (and before now)' },
    ]);
  });

  it(
    'is what `ledger notifications replay` and `resend` ask for',
    async () => {
      await api.app.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
      const ledger = (...args: string[]) =>
        runLedgerCli([...args, '--url', url, '--token', tokenOf('changeManager')], {
          DATABASE_URL: api.database.url,
        });
      const replay = await ledger(
        'notifications',
        'replay',
        '--channel',
        'slack',
        '--since',
        '2026-02-01',
      );
      expect(replay.status).toBe(0);
      expect(JSON.parse(replay.stdout)).toMatchObject({ request: 'replay', channel: 'slack' });
      const resend = await ledger('notifications', 'resend', '777');
      expect(resend.status).toBe(1);
      expect(JSON.parse(resend.stdout)).toMatchObject({ code: 'NOTIFICATIONS.DELIVERY_NOT_FOUND' });
      const listed = await ledger('notifications', 'list', '--status', 'parked');
      expect(JSON.parse(listed.stdout)).toEqual({ notifications: [] });
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
