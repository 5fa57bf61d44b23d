import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addMonths } from '@change-ledger/domain';
import { type Checkpointer, CHECKPOINTER, generateSignerKey } from '@change-ledger/integrity';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import { API } from '../support/change-request-fixtures';
import { pastHistory } from '../support/history';
import { bearer, useTestApi, type Person } from '../support/test-api';
import { setDatabaseClock, untilCheckpointed } from '../support/store-clock';
import { retentionJobUrl, withClient } from '../support/test-database';

/**
 * Issue 12 end to end: changes closed at chosen instants, a legal hold, `ledger retention plan`
 * and `run` as the CLI runs them (the job with its own database login), then what stays: 410
 * with the run, frozen reports, read models equal to a rebuild, and `ledger verify --witness-dir`
 * still passing. Retention judges age by the database's clock and by when the log first covered
 * an event (issue 24), so history is written in the past by moving both the API's clock and the
 * database's, in order, and waiting for the log (a checkpoint cadence) to cover each step.
 */
const DAY = 86_400_000;
const READ_MODEL_TABLES = [
  'change_requests',
  'pending_approvals',
  'deployments',
  'incidents',
  'ci_events',
  'unauthorized_changes',
  'frozen_monthly_reports',
];

describe('Retention and legal hold', () => {
  let witnessDir: string;
  let keyFile: string;
  let retentionUrl: string;
  const realNow = new Date();
  const threeYearsAgo = addMonths(realNow, -36);
  let now = realNow.getTime();
  let lastPosition = '';
  const http = () => request(api.app.getHttpServer());
  const post = async (route: string, who: Person, body: object) => {
    const response = await http().post(route).set(bearer(who)).send(body);
    if (response.status >= 300) throw new Error(`${route}: ${JSON.stringify(response.body)}`);
    if (response.body.position) lastPosition = response.body.position;
    return response;
  };
  const change = (id: string, step = '') => `${API}/change-requests/${id}${step}`;
  const env = () => ({ DATABASE_URL: api.database.url, RETENTION_DATABASE_URL: retentionUrl });

  const { at, completedChange } = pastHistory({
    databaseUrl: () => api.database.url,
    setApiClock: (when) => (now = when),
    post,
  });

  async function readModelSnapshot() {
    return withClient(api.database.url, async (db) => {
      const snapshot: Record<string, unknown[]> = {};
      for (const table of READ_MODEL_TABLES) {
        const { rows } = await db.query(
          `SELECT to_jsonb(t) AS row FROM read_models.${table} t ORDER BY to_jsonb(t)::text`,
        );
        snapshot[table] = rows.map((row) => row.row);
      }
      return snapshot;
    });
  }

  async function untilReadModel(sql: string, params: unknown[], expected: number) {
    for (let i = 0; i < 200; i++) {
      const { rows } = await withClient(api.database.url, (db) => db.query(sql, params));
      if (Number(rows[0].count) === expected) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the read model did not reach ${expected}: ${sql}`);
  }

  let pruned: string; // closed three years and a day ago
  let kept: string; // closed three years less a day ago
  let open: string; // four years old, never closed
  let held: string; // closed four years ago, under a legal hold
  let holdId: string;
  let monthlyBefore: unknown;

  const api = useTestApi(async () => {
    witnessDir = await mkdtemp(path.join(tmpdir(), 'retention-witness-'));
    const signingKey = generateSignerKey('test.example/log');
    keyFile = `${witnessDir}.key`;
    await writeFile(keyFile, signingKey);
    return {
      clock: { now: () => new Date(now) },
      // A cadence, as in production: history written in the past is covered then, and a run
      // waits for its plan to be covered before it deletes.
      log: { signingKey, checkpointDir: witnessDir, intervalMs: 100 },
    };
  }, 120_000);
  beforeAll(async () => {
    retentionUrl = await retentionJobUrl(api.database.url);

    // Oldest first: the clocks only move forwards.
    held = await completedChange('Held', addMonths(realNow, -48));
    await at(addMonths(realNow, -48));
    open = (
      await post(`${API}/change-requests`, 'requester', {
        title: 'Never closed',
        description: 'still pending',
        change_type: 'bugfix',
        priority: 'low',
        affected_systems: ['billing'],
      })
    ).body.change_request_id;
    await untilCheckpointed(api.database.url);
    pruned = await completedChange('Due', new Date(threeYearsAgo.getTime() - DAY));
    kept = await completedChange('Not yet', new Date(threeYearsAgo.getTime() + DAY));
    now = realNow.getTime();
    await setDatabaseClock(api.database.url);
    await http()
      .get(`${API}/change-requests`)
      .query({ min_position: lastPosition })
      .set(bearer('auditor'))
      .expect(200);
    monthlyBefore = (
      await http()
        .get(`${API}/reports/monthly`)
        .query({ period: new Date(threeYearsAgo.getTime() - 3 * DAY).toISOString().slice(0, 7) })
        .set(bearer('auditor'))
        .expect(200)
    ).body;
  }, 120_000);

  it('lets the roles the policy names place and release a hold, and no one else', async () => {
    await http()
      .post('/api/v1/legal-holds')
      .set(bearer('requester'))
      .send({ change_request_id: held, reason: 'litigation' })
      .expect(403);
    await http()
      .post('/api/v1/legal-holds')
      .set(bearer('auditor'))
      .send({ change_request_id: held, system: 'billing', reason: 'two scopes' })
      .expect(400);
    // A typo holds nothing: the hold would stand in the list and keep no record.
    const unknown = await http()
      .post('/api/v1/legal-holds')
      .set(bearer('auditor'))
      .send({ change_request_id: 'CHG-2099-999', reason: 'litigation' })
      .expect(404);
    expect(unknown.body).toMatchObject({
      code: 'LEGAL_HOLD.UNKNOWN_CHANGE_REQUEST',
      detail: expect.stringMatching(/^change_request_id: no change request CHG-2099-999/),
    });
    const placed = await http()
      .post('/api/v1/legal-holds')
      .set(bearer('auditor'))
      .send({ change_request_id: held, reason: 'Litigation hold: Acme v. Example' })
      .expect(201);
    expect(placed.body).toMatchObject({
      scope: { change_request_id: held },
      placed_by: 'audra',
      until: null,
      released: null,
    });
    holdId = placed.body.hold_id;
    await http()
      .post(`/api/v1/legal-holds/${holdId}/release`)
      .set(bearer('auditor'))
      .send({ reason: 'mine to release?' })
      .expect(403);
    const listed = await http().get('/api/v1/legal-holds').set(bearer('auditor')).expect(200);
    expect(listed.body.legal_holds).toEqual([
      expect.objectContaining({ hold_id: holdId, active: true }),
    ]);
  });

  it(
    'plans the change closed 3 years and a day ago, not the one closed 3 years less a day ago, nor the open one; lists the held one',
    async () => {
      const result = await runLedgerCli(
        ['retention', 'plan', '--as-of', realNow.toISOString()],
        env(),
      );
      expect(result.status).toBe(0);
      const plan = JSON.parse(result.stdout);
      expect(plan.eligible).toEqual([
        expect.objectContaining({ streamId: `change-request-${pruned}`, kind: 'change_request' }),
      ]);
      expect(plan.held).toEqual([
        expect.objectContaining({ streamId: `change-request-${held}`, holdIds: [holdId] }),
      ]);
      const streams = JSON.stringify(plan);
      expect(streams).not.toContain(kept);
      expect(streams).not.toContain(open);

      const csv = await runLedgerCli(
        ['retention', 'plan', '--as-of', realNow.toISOString(), '--format', 'csv'],
        env(),
      );
      expect(csv.stdout.trimEnd().split('\n')).toEqual([
        'action,record,kind,closed_at,eligible_since,last_revision,last_hash,holds',
        expect.stringMatching(new RegExp(`^prune,change-request-${pruned},change_request,`)),
        expect.stringMatching(new RegExp(`^held,change-request-${held},.*,${holdId}$`)),
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'prunes it, answers 410 with the run, keeps past reports, leaves read models equal to a rebuild, and still verifies',
    async () => {
      for (let i = 0; i < 100; i++) {
        const checkpoint = await api.app.get<Checkpointer>(CHECKPOINTER).checkpoint();
        if (checkpoint) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const run = await runLedgerCli(['retention', 'run'], env());
      expect(run.stderr).toMatch(/1 stream\(s\) pruned/);
      expect(run.status).toBe(0);
      const { runId } = JSON.parse(run.stdout);

      const gone = await http().get(change(pruned)).set(bearer('auditor')).expect(410);
      expect(gone.body.context).toEqual({
        streamId: `change-request-${pruned}`,
        prunedByRun: runId,
      });
      for (const id of [kept, open, held])
        await http().get(change(id)).set(bearer('auditor')).expect(200);
      // Nothing is left to hold: said, not recorded as if it kept something.
      const late = await http()
        .post('/api/v1/legal-holds')
        .set(bearer('auditor'))
        .send({ change_request_id: pruned, reason: 'too late' })
        .expect(409);
      expect(late.body).toMatchObject({
        code: 'LEGAL_HOLD.ALREADY_PRUNED',
        context: { changeRequestId: pruned, prunedByRun: runId },
      });

      await untilReadModel(
        'SELECT count(*) FROM read_models.change_requests WHERE change_request_id = $1',
        [pruned],
        0,
      );
      await untilReadModel('SELECT count(*) FROM read_models.frozen_monthly_reports', [], 1);
      const monthlyAfter = await http()
        .get(`${API}/reports/monthly`)
        .query({ period: new Date(threeYearsAgo.getTime() - 3 * DAY).toISOString().slice(0, 7) })
        .set(bearer('auditor'))
        .expect(200);
      expect(monthlyAfter.body).toEqual(monthlyBefore);

      const before = await readModelSnapshot();
      const rebuilt = await runLedgerCli(['rebuild'], env());
      expect(rebuilt.status).toBe(0);
      expect(await readModelSnapshot()).toEqual(before);

      for (let i = 0; i < 100; i++) {
        const checkpoint = await api.app.get<Checkpointer>(CHECKPOINTER).checkpoint();
        if (checkpoint) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const verified = await runLedgerCli(
        ['verify', '--witness-dir', witnessDir, '--signing-key-file', keyFile],
        env(),
      );
      expect(verified.status).toBe(0);
      expect(JSON.parse(verified.stdout).prunedByRun).toEqual([
        expect.objectContaining({ runId, streams: 1 }),
      ]);
    },
    CLI_TEST_TIMEOUT_MS * 3,
  );

  it(
    'prunes the held change once its hold is released',
    async () => {
      await http()
        .post(`/api/v1/legal-holds/${holdId}/release`)
        .set(bearer('securityOfficer'))
        .send({ reason: 'case settled' })
        .expect(200);
      const run = await runLedgerCli(['retention', 'run'], env());
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ pruned: 1 });
      await http().get(change(held)).set(bearer('auditor')).expect(410);
      await http().get(change(kept)).set(bearer('auditor')).expect(200);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
