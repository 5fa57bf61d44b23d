import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { bearer, bootTestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

describe('ledger CLI', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let id: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await bootTestApi({ databaseUrl: database.url });
    const created = await request(app.getHttpServer())
      .post('/api/v1/change-management/change-requests')
      .set(bearer('requester'))
      .send({
        title: 'TLS ciphers',
        description: 'Drop TLS 1.1',
        change_type: 'configuration',
        priority: 'low',
        affected_systems: ['edge'],
      })
      .expect(201);
    id = created.body.change_request_id;
    await request(app.getHttpServer())
      .post(`/api/v1/change-management/change-requests/${id}/approve`)
      .set(bearer('manager'))
      .send({ approved: true, comments: 'fine' })
      .expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const ledger = (...args: string[]) => runLedgerCli(args, { DATABASE_URL: database.url });

  it('verifies a change request and exits 0', async () => {
    const result = await ledger('verify', id);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, eventsChecked: 3 });
  });

  it('rebuilds the read models and the API reads the rebuilt ones', async () => {
    const result = await ledger('rebuild', 'change-requests');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/change-requests: rebuilt from \d+ events/);
    const listed = await request(app.getHttpServer())
      .get('/api/v1/change-management/change-requests')
      .set(bearer('auditor'))
      .expect(200);
    expect(
      listed.body.items.map((item: { change_request_id: string }) => item.change_request_id),
    ).toContain(id);
  });

  it('exits 2 and names the event when the evidence was altered', async () => {
    await withClient(database.url, async (superuser) => {
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
      firstInvalid: { revision: 2, reason: 'content_altered' },
    });
  });

  it('refuses what is not a change request id or a projection', async () => {
    expect((await ledger('verify', 'nope')).status).not.toBe(0);
    expect((await ledger('rebuild', 'nope')).stderr).toMatch(/no projection named nope/);
  }, 60_000);
});
