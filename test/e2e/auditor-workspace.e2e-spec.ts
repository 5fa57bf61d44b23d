import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSignerKey, parseSignerKey, verifierKey } from '@change-ledger/integrity';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import {
  exportedBundle,
  readBundleFiles,
  rewriteBundle,
  signCheckpointOfEverything,
} from '../support/bundle-files';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi, type Person } from '../support/test-api';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

/**
 * Issue 13, the auditor's workspace, over one period (March 2026) holding a normal change, an
 * emergency change, a rolled-back change and an unauthorized production deployment.
 */
describe("The auditor's workspace", () => {
  let now = Date.parse('2026-03-02T09:00:00Z');
  const at = (iso: string) => (now = Date.parse(iso));
  const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
  const ids = { normal: '', emergency: '', rolledBack: '', pending: '' };
  let lastPosition = '';
  const signingKey = generateSignerKey('test.example/log');
  const vkey = verifierKey(parseSignerKey(signingKey));
  let dir = '';

  const http = () => request(api.app.getHttpServer());
  const post = async (path: string, who: Person, body: object) => {
    const response = await http().post(`${API}/change-requests${path}`).set(bearer(who)).send(body);
    if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
    if (response.body.position) lastPosition = response.body.position;
    return response.body;
  };
  const content = (title: string) => ({
    title,
    description: `${title}, described`,
    change_type: 'feature',
    priority: 'high',
    affected_systems: ['checkout'],
    risk_level: 'medium',
    risk_assessment: 'A <b>bold</b> claim & a "quoted" one',
    test_plan: 'The suite CI runs',
    rollback_plan: completeRollbackPlan,
  });
  const approveAll = async (id: string) => {
    // A minute apart: the injected clock stamps recordedAt too, and as_of cuts between them.
    for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const) {
      now += 60_000;
      await post(`/${id}/approve`, who, { approved: true, comments: `ok from ${who}` });
    }
  };

  const api = useTestApi(
    { clock: { now: () => new Date(now) }, log: { signingKey } },
    CLI_TEST_TIMEOUT_MS,
  );
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'evidence-'));

    at('2026-03-02T09:00:00Z');
    ids.normal = (await post('', 'requester', content('Normal'))).change_request_id;
    await approveAll(ids.normal);
    at('2026-03-03T09:00:00Z');
    await post(`/${ids.normal}/implement`, 'implementer', {});
    at('2026-03-03T10:00:00Z');
    await post(`/${ids.normal}/verify`, 'implementer', {
      outcome: 'passed',
      monitoring_minutes: 30,
    });
    await post(`/${ids.normal}/complete`, 'implementer', { status: 'completed' });

    at('2026-03-05T02:00:00Z');
    ids.emergency = (
      await post('/emergency', 'requester', { ...content('Emergency'), priority: 'critical' })
    ).change_request_id;
    await post(`/${ids.emergency}/implement`, 'implementer', {});

    at('2026-03-10T09:00:00Z');
    ids.rolledBack = (await post('', 'requester', content('Rolled back'))).change_request_id;
    await approveAll(ids.rolledBack);
    at('2026-03-11T09:00:00Z');
    await post(`/${ids.rolledBack}/implement`, 'implementer', {});
    at('2026-03-11T09:20:00Z');
    await post(`/${ids.rolledBack}/rollback`, 'implementer', {
      reason: 'errors rose',
      incident_id: 'INC-7',
      severity: 'P2',
    });

    // Never deployed: not in the population.
    ids.pending = (await post('', 'requester', content('Pending'))).change_request_id;

    at('2026-03-12T09:00:00Z');
    await http()
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          source: 'github.com/acme/checkout/actions',
          id: 'deploy-77',
          type: 'deployment',
          occurred_at: '2026-03-12T08:59:00Z',
          environment: 'production',
          service: 'checkout',
          outcome: 'success',
        }),
      )
      .expect(202);
    // The read models have caught up with every write above.
    await http()
      .get(`${API}/change-requests`)
      .query({ min_position: lastPosition })
      .set(bearer('auditor'))
      .expect(200);
    await waitFor(async () => {
      const listed = await http()
        .get(`${API}/unauthorized-changes`)
        .query(period)
        .set(bearer('auditor'));
      return listed.body.unauthorized_changes?.length === 1;
    });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('as of a time', () => {
    it('shows the change pending before an approval and approved after it', async () => {
      const history = await http()
        .get(`${API}/change-requests/${ids.normal}/history`)
        .set(bearer('auditor'))
        .expect(200);
      const approvals = history.body.history.filter(
        (entry: { event_type: string }) => entry.event_type === 'ChangeApproved',
      );
      const lastApproval = approvals[approvals.length - 1];
      const before = await http()
        .get(`${API}/change-requests/${ids.normal}`)
        .query({ as_of: lastApproval.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      expect(before.body).toMatchObject({ status: 'pending_approval', approval_status: 'pending' });
      expect(before.body.approvals).toHaveLength(3);
      const after = await http()
        .get(`${API}/change-requests/${ids.normal}`)
        .query({ as_of: new Date(Date.parse(lastApproval.recorded_at) + 1).toISOString() })
        .set(bearer('auditor'))
        .expect(200);
      expect(after.body).toMatchObject({ approval_status: 'approved' });
      const earlyHistory = await http()
        .get(`${API}/change-requests/${ids.normal}/history`)
        .query({ as_of: lastApproval.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      expect(earlyHistory.body.history).toHaveLength(lastApproval.revision);
      await http()
        .get(`${API}/change-requests/${ids.normal}`)
        .query({ as_of: '2020-01-01T00:00:00Z' })
        .set(bearer('auditor'))
        .expect(404);
      const bad = await http()
        .get(`${API}/change-requests/${ids.normal}/history`)
        .query({ as_of: 'yesterday' })
        .set(bearer('auditor'))
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'as_of', reason: expect.any(String) }]);
    });

    it('replays the history with each transition on the command line', async () => {
      const result = await runLedgerCli(['replay', ids.rolledBack, '--json'], {
        DATABASE_URL: api.database.url,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const replayed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
      expect(replayed[0]).toMatchObject({ status_before: 'absent', status_after: 'draft' });
      expect(replayed.at(-1)).toMatchObject({ event_type: 'IncidentRecorded' });
      expect(replayed.map((entry) => entry.status_after)).toContain('rolled_back');
    });
  });

  describe('the population', () => {
    it('lists every change deployed or closed in the period, marked, with totals that tie out', async () => {
      const population = await http()
        .get('/api/v1/audit/population')
        .query(period)
        .set(bearer('auditor'))
        .expect(200);
      const byId = Object.fromEntries(
        population.body.members.map((member: { id: string }) => [member.id, member]),
      );
      expect(Object.keys(byId)).toHaveLength(4);
      expect(byId[ids.normal]).toMatchObject({ outcome: 'successful', emergency: false });
      expect(byId[ids.emergency]).toMatchObject({ emergency: true, in_change_log: true });
      expect(byId[ids.rolledBack]).toMatchObject({ outcome: 'rolled_back', incidents: ['INC-7'] });
      expect(byId['ci:github.com/acme/checkout/actions#deploy-77']).toMatchObject({
        kind: 'unauthorized_deployment',
        unauthorized: true,
      });
      expect(byId[ids.pending]).toBeUndefined();

      const changeLog = await http()
        .get(`${API}/change-log`)
        .query(period)
        .set(bearer('auditor'))
        .expect(200);
      const metrics = await http().get(`${API}/metrics`).query(period).set(bearer('auditor'));
      const metric = (name: string) =>
        metrics.body.key_metrics.find((candidate: { metric: string }) => candidate.metric === name);
      const { totals } = population.body;
      expect(totals).toMatchObject({
        members: 4,
        change_requests: 3,
        emergency: 1,
        unauthorized: 1,
      });
      expect(totals.deployed).toBe(changeLog.body.entries.length);
      expect(totals.deployed).toBe(metrics.body.dora.deployment_frequency.deployments);
      expect(totals.deployed).toBe(metric('rollback_rate').sample_size);
      expect(totals.with_outcome).toBe(metric('change_success_rate').sample_size);
      expect(totals.completed_in_period).toBe(metric('average_implementation_time').sample_size);
      expect(totals.unauthorized).toBe(metrics.body.unauthorized_changes.count);

      const csv = await http()
        .get('/api/v1/audit/population')
        .query({ ...period, format: 'csv' })
        .set(bearer('auditor'))
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.trim().split('\n')).toHaveLength(5);
    });

    it('as of an earlier instant, and in the change log too', async () => {
      const history = await http()
        .get(`${API}/change-requests/${ids.rolledBack}/history`)
        .set(bearer('auditor'))
        .expect(200);
      const rollback = history.body.history.find(
        (entry: { event_type: string }) => entry.event_type === 'ChangeRolledBack',
      );
      const population = await http()
        .get('/api/v1/audit/population')
        .query({ ...period, as_of: rollback.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      const member = population.body.members.find(
        (candidate: { id: string }) => candidate.id === ids.rolledBack,
      );
      expect(member).toMatchObject({ status: 'implementing', outcome: 'in_progress' });
      expect(population.body.totals.unauthorized).toBe(0);
      const changeLog = await http()
        .get(`${API}/change-log`)
        .query({ ...period, as_of: rollback.recorded_at })
        .set(bearer('auditor'))
        .expect(200);
      expect(
        changeLog.body.entries.find(
          (entry: { change_id: string }) => entry.change_id === ids.rolledBack,
        ),
      ).toMatchObject({ outcome: 'in_progress' });
    });

    it('is for auditors only', async () => {
      await http().get('/api/v1/audit/population').query(period).set(bearer('manager')).expect(403);
      await http().get('/api/v1/audit/population').query(period).expect(401);
      const bad = await http()
        .get('/api/v1/audit/population')
        .query({ from: period.to, to: period.from })
        .set(bearer('auditor'))
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'to', reason: 'must be after from' }]);
    });
  });

  describe('a sample', () => {
    it('is the same for the same seed over the same population, and recorded', async () => {
      const ask = () =>
        http()
          .post('/api/v1/audit/samples')
          .set(bearer('auditor'))
          .send({ ...period, seed: 'audit-2026-q1', sizes: { normal: 1, emergency: 1 } })
          .expect(201);
      const first = (await ask()).body;
      const second = (await ask()).body;
      expect(second.sample_id).not.toBe(first.sample_id);
      expect(second.strata).toEqual(first.strata);
      expect(first.strata).toEqual([
        expect.objectContaining({
          stratum: 'normal',
          population_size: 2,
          selected: [expect.anything()],
        }),
        expect.objectContaining({
          stratum: 'emergency',
          population_size: 1,
          selected: [expect.objectContaining({ id: ids.emergency })],
        }),
      ]);
      const stored = await http()
        .get(`/api/v1/audit/samples/${first.sample_id}`)
        .set(bearer('auditor'))
        .expect(200);
      // The sample as drawn; the receipt belonged to the answer of the write that recorded it.
      const { receipt, ...drawn } = first;
      expect(typeof receipt).toBe('string');
      expect(stored.body).toEqual(drawn);
      const other = await http()
        .post('/api/v1/audit/samples')
        .set(bearer('auditor'))
        .send({ ...period, seed: 'another', size: 4 })
        .expect(201);
      expect(other.body.strata[0].selected).toHaveLength(4);
      await http()
        .post('/api/v1/audit/samples')
        .set(bearer('manager'))
        .send({ ...period, seed: 's', size: 1 })
        .expect(403);
      const bad = await http()
        .post('/api/v1/audit/samples')
        .set(bearer('auditor'))
        .send({ ...period, seed: 's', size: 0 })
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'size', reason: expect.any(String) }]);
    });
  });

  describe('the evidence bundle', () => {
    let bundle = '';
    let sampleId = '';
    // verify-bundle needs no database: this one does not exist, and it must not matter.
    const offline = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const verify = (file: string, ...extra: string[]) =>
      runLedgerCli(['verify-bundle', file, '--verifier-key', vkey, ...extra], offline);

    beforeAll(async () => {
      const drawn = await http()
        .post('/api/v1/audit/samples')
        .set(bearer('auditor'))
        .send({ ...period, seed: 'bundle', sizes: { normal: 5, emergency: 5, unauthorized: 5 } })
        .expect(201);
      sampleId = drawn.body.sample_id;
      await signCheckpointOfEverything(api.app);
      const exported = await exportedBundle(api.app, sampleId);
      expect(exported.headers['content-type']).toMatch(/^application\/gzip/);
      bundle = path.join(dir, 'sample.tar.gz');
      await writeFile(bundle, exported.body as Buffer);
    });

    it('holds the population, the sample and each change, and verifies offline', async () => {
      const files = await readBundle(bundle);
      expect([...files.keys()]).toEqual(
        expect.arrayContaining([
          'log/checkpoint',
          'log/verifier-key',
          'population.csv',
          'population.json',
          'sample/events.jsonl',
          'policy/events.jsonl',
          `changes/${ids.normal}/approvals.json`,
          `changes/${ids.rolledBack}/outcome.json`,
          `changes/${ids.emergency}/summary.html`,
          'control-matrix.csv',
          'manifest.json',
          'manifest.json.sig',
        ]),
      );
      expect([...files.keys()].some((name) => name.startsWith('unauthorized/ci-event-'))).toBe(
        true,
      );
      const approvals = JSON.parse(files.get(`changes/${ids.normal}/approvals.json`)!);
      expect(approvals.approvals).toHaveLength(4);
      expect(approvals.approvals[0]).toMatchObject({
        approver: 'sam',
        approver_roles: ['security-team'],
        approver_is_requester: false,
        policy_version: expect.any(String),
      });
      const gates = JSON.parse(files.get(`changes/${ids.normal}/gates.json`)!);
      expect(gates.gates.map((gate: { gate: string }) => gate.gate)).toContain('approval');
      const summary = files.get(`changes/${ids.normal}/summary.html`)!;
      expect(summary).toContain('A &lt;b&gt;bold&lt;/b&gt; claim &amp; a &quot;quoted&quot; one');
      expect(summary).not.toContain('<b>bold');
      expect(files.get('control-matrix.csv')).toContain('SOC 2 CC8.1');

      const verified = await verify(bundle);
      expect(verified.stderr).toMatch(/✔ verified/);
      expect(verified.status).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, keys: 'given' });
    });

    it.each([
      ['a file', 'population.csv', (body: string) => body.replace('yes', 'no')],
      [
        'an event line',
        'changes/:normal/events.jsonl',
        (body: string) => body.replace('"ok from manager"', '"ok from nobody"'),
      ],
      ['the checkpoint', 'log/checkpoint', (body: string) => body.replace(/\n\d+\n/, '\n1\n')],
      [
        'a summary page',
        'changes/:normal/summary.html',
        (body: string) => body.replace('<h2>Risk</h2>', '<h2>No risk</h2>'),
      ],
    ])('names %s that was altered, and exits 2', async (_what, name, alter) => {
      const file = name.replace(':normal', ids.normal);
      const altered = path.join(dir, `altered-${file.replace(/\W/g, '_')}.tar.gz`);
      await rewriteBundle(bundle, altered, (entry, body) => (entry === file ? alter(body) : body));
      const result = await verify(altered);
      expect(result.status).toBe(2);
      expect(JSON.parse(result.stdout).firstFailure).toMatchObject({ file });
      expect(result.stderr).toContain(file);
    });

    it('an event line altered names its line and event', async () => {
      const file = `changes/${ids.normal}/events.jsonl`;
      const altered = path.join(dir, 'altered-line.tar.gz');
      await rewriteBundle(bundle, altered, (entry, body) =>
        entry === file ? body.replace('"ok from manager"', '"ok from nobody"') : body,
      );
      const { firstFailure } = JSON.parse((await verify(altered)).stdout);
      expect(firstFailure).toMatchObject({ file, check: 'event_hash', line: expect.any(Number) });
      const line = (await readBundle(bundle)).get(file)!.split('\n')[firstFailure.line - 1];
      expect(JSON.parse(line!).id).toBe(firstFailure.eventId);
    });

    it('is refused against a kept checkpoint of another log', async () => {
      const other = parseSignerKey(generateSignerKey('test.example/log'));
      const kept = path.join(dir, 'kept.checkpoint');
      await writeFile(kept, (await readBundle(bundle)).get('log/checkpoint')!);
      expect((await verify(bundle, '--trusted-checkpoint', kept)).status).toBe(0);
      const result = await runLedgerCli(
        ['verify-bundle', bundle, '--verifier-key', verifierKey(other)],
        offline,
      );
      expect(result.status).toBe(2);
      expect(JSON.parse(result.stdout).firstFailure).toMatchObject({ file: 'log/checkpoint' });
    });

    it('is written by the command line too, for a whole period', async () => {
      const keyFile = path.join(dir, 'log.key');
      await writeFile(keyFile, `${signingKey}\n`);
      const out = path.join(dir, 'period.tar.gz');
      const exported = await runLedgerCli(
        [
          'export',
          '--from',
          period.from,
          '--to',
          period.to,
          '--out',
          out,
          '--signing-key-file',
          keyFile,
        ],
        { DATABASE_URL: api.database.url },
      );
      expect(exported.status).toBe(0);
      expect(JSON.parse(exported.stdout)).toMatchObject({ members: 4 });
      expect((await verify(out)).status).toBe(0);
      const files = await readBundle(out);
      expect(files.has('sample/events.jsonl')).toBe(false);
      expect(files.has(`changes/${ids.pending}/events.jsonl`)).toBe(false);
    });
  });
});

function readBundle(file: string): Promise<Map<string, string>> {
  return readBundleFiles(createReadStream(file));
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never held');
}
