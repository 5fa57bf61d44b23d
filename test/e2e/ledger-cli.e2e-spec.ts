import { execFile } from 'node:child_process';
import path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, bootTestApi } from '../support/test-api';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database';

const root = path.resolve(__dirname, '../..');

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

  /**
   * Runs the CLI as its own process, asynchronously: this process hosts the API's projector, which
   * must keep running (a synchronous spawn would freeze it while it holds its lock).
   */
  const ledger = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          'apps/ledger/src/main.ts',
          ...args,
        ],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: database.url },
          encoding: 'utf8',
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

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
  });
});
