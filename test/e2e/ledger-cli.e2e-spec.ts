import { type AddressInfo, createServer } from 'node:net';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { createChangeRequest } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

describe('ledger CLI', () => {
  // It alters the evidence on purpose (verify must exit 2): no end-of-file check of the ledger.
  const api = useTestApi({ ledgerWholeAtEnd: false });
  let id: string;

  beforeAll(async () => {
    ({ id } = await createChangeRequest(api.app));
    await request(api.app.getHttpServer())
      .post(`/api/v1/change-management/change-requests/${id}/approve`)
      .set(bearer('manager'))
      .send({ approved: true, comments: 'fine' })
      .expect(200);
  });

  const ledger = (...args: string[]) => runLedgerCli(args, { DATABASE_URL: api.database.url });

  it('verifies a change request and exits 0', async () => {
    const result = await ledger('verify', id);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, eventsChecked: 3 });
  });

  it('rebuilds the read models and the API reads the rebuilt ones', async () => {
    const result = await ledger('rebuild', 'change-requests');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/change-requests: rebuilt from \d+ events/);
    const listed = await request(api.app.getHttpServer())
      .get('/api/v1/change-management/change-requests')
      .set(bearer('auditor'))
      .expect(200);
    expect(
      listed.body.items.map((item: { change_request_id: string }) => item.change_request_id),
    ).toContain(id);
  });

  it('exits 2 and names the event when the evidence was altered', async () => {
    await withClient(api.database.url, async (superuser) => {
      await superuser.query('SET session_replication_role = replica');
      await superuser.query(
        `UPDATE ledger.events SET data = jsonb_set(data, '{comments}', '"forged"') WHERE stream_id = $1 AND type = 'ChangeApproved'`,
        [`change-request-${id}`],
      );
    });
    const result = await ledger('verify', id);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      valid: false,
      firstFailure: {
        kind: 'chain',
        streamId: `change-request-${id}`,
        revision: 2,
        detail: expect.stringMatching(/content altered/),
      },
    });
  });

  it('refuses what is not a change request id or a projection', async () => {
    expect((await ledger('verify', 'nope')).status).not.toBe(0);
    expect((await ledger('rebuild', 'nope')).stderr).toMatch(/no projection named nope/);
  }, 60_000);

  it('says which ledger it could not reach and what to check, not "fetch failed"', async () => {
    // A port nothing listens on any more: the API is down or the URL is wrong.
    const down = `http://127.0.0.1:${await closedPort()}`;
    for (const args of [
      ['gate', id, '--url', down, '--token', 't'],
      ['hold', 'list', '--url', down, '--token', 't'],
      [
        'emit',
        'service.deployed',
        '--source',
        's',
        '--subject',
        'x',
        '--url',
        down,
        '--token',
        't',
      ],
    ]) {
      const result = await ledger(...args);
      expect(result.status).toBe(1);
      expect(result.stderr).not.toMatch(/^fetch failed/m);
      expect(result.stderr).toMatch(
        /cannot reach the ledger at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): is its API running\? Set --url or LEDGER_URL/,
      );
    }
  }, 60_000);
});

/** A port that was free a moment ago: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
