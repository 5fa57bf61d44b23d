import path from 'node:path';
import request from 'supertest';
import { buildUi } from '../../apps/web/build';
import { REPO_ROOT } from '../support/app-process';
import { API } from '../support/change-request-fixtures';
import {
  type DashboardPopulation,
  recordDashboardPopulation,
} from '../support/dashboard-population';
import { bearer, useTestApi, movableClock } from '../support/test-api';

/** What the dashboards ask of the API beyond the reports: who am I, a paged queue, filters. */
describe('The API behind the dashboards', () => {
  let population: DashboardPopulation;
  const clock = movableClock();
  const uiDir = path.join(REPO_ROOT, '.tmp', `dashboard-api-${process.env.JEST_WORKER_ID ?? '0'}`);
  const api = useTestApi(async () => {
    await buildUi({ outDir: uiDir });
    return { clock, uiDir, log: { intervalMs: 100 } };
  }, 120_000);
  beforeAll(async () => {
    population = await recordDashboardPopulation(api.app, clock);
  }, 120_000);
  const http = () => request(api.app.getHttpServer());

  it('serves the page without credentials, and no data without them', async () => {
    const page = await http().get('/').expect(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self';");
    // No identity provider configured: the page signs in with a token only.
    await http().get('/sign-in.json').expect(200, { oidc: null });
    expect(page.text).toContain('<script src="app.js" defer></script>');
    await http()
      .get('/app.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await http().get('/api/v1/me').expect(401);
    await http().get(`${API}/metrics`).query({ from: '2025-01', to: '2026-01' }).expect(401);
  });

  it('says who the token is, and whether it may write', async () => {
    expect((await http().get('/api/v1/me').set(bearer('auditor')).expect(200)).body).toEqual({
      principal: 'audra',
      kind: 'user',
      roles: ['auditor'],
      authenticated_by: 'api-token',
      read_only: true,
    });
    const twoHats = (await http().get('/api/v1/me').set(bearer('twoHats')).expect(200)).body;
    expect(twoHats).toMatchObject({
      roles: ['engineering-manager', 'change-manager'],
      read_only: false,
    });
  });

  it('pages the whole approvals queue in its order, each row once', async () => {
    const whole = (
      await http()
        .get(`${API}/approvals/pending`)
        .query({ limit: 200 })
        .set(bearer('auditor'))
        .expect(200)
    ).body;
    expect(whole.next_cursor).toBeNull();
    // overdue (4 roles), urgent (3 roles), waiting (3 roles); the overdue ones first.
    expect(whole.pending).toHaveLength(10);
    expect(whole.pending.slice(0, 4).every((row: { overdue: boolean }) => row.overdue)).toBe(true);

    const paged: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await http()
          .get(`${API}/approvals/pending`)
          .query({ limit: 3, ...(cursor ? { cursor } : {}) })
          .set(bearer('auditor'))
          .expect(200)
      ).body;
      expect(page.pending.length).toBeLessThanOrEqual(3);
      paged.push(...page.pending);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(whole.pending);

    const bad = await http()
      .get(`${API}/approvals/pending`)
      .query({ cursor: 'not-a-cursor' })
      .set(bearer('auditor'))
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('cursor');
    // Well-formed, but not a time this ledger writes: refused before PostgreSQL casts it.
    const madeUp = Buffer.from(JSON.stringify(['2025', 'CHG-2026-001', 'qa'])).toString(
      'base64url',
    );
    await http()
      .get(`${API}/approvals/pending`)
      .query({ cursor: madeUp })
      .set(bearer('auditor'))
      .expect(400);
  });

  it("pages one role's queue by its own cursor, and refuses another queue's cursor", async () => {
    const queue = async (query: Record<string, string | number>, status = 200) =>
      (
        await http()
          .get(`${API}/approvals/pending`)
          .query(query)
          .set(bearer('auditor'))
          .expect(status)
      ).body;
    const whole = await queue({ role: 'qa', limit: 200 });
    expect(whole.pending.length).toBeGreaterThan(1);
    expect(whole.pending.every((row: { role: string }) => row.role === 'qa')).toBe(true);
    const first = await queue({ role: 'qa', limit: 1 });
    expect(first.pending).toEqual(whole.pending.slice(0, 1));
    const rest = await queue({ role: 'qa', limit: 200, cursor: first.next_cursor });
    expect(rest.pending).toEqual(whole.pending.slice(1));

    // A cursor pages the queue it came from: not all roles', not another role's.
    const refused = [
      await queue({ limit: 1, cursor: first.next_cursor }, 400),
      await queue({ role: 'ciso', limit: 1, cursor: first.next_cursor }, 400),
      await queue(
        {
          role: 'qa',
          cursor: (await queue({ limit: 1 })).next_cursor,
        },
        400,
      ),
    ];
    // Well-formed base64url JSON of the right shape, with what PostgreSQL's text cannot hold.
    const withNul = Buffer.from(
      JSON.stringify(['qa', '2025-01-01T00:00:00.000Z', 'CHG-\u0000', 'qa']),
    ).toString('base64url');
    refused.push(await queue({ role: 'qa', cursor: withNul }, 400));
    for (const body of refused)
      expect(body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    // The page size is capped, and the refusal names the field.
    expect((await queue({ limit: 201 }, 400)).errors).toEqual([
      expect.objectContaining({ field: 'limit' }),
    ]);
  });

  it('narrows the metrics to a priority, a category or a system', async () => {
    const period = { from: '2000-01-01', to: '2100-01-01' };
    const metric = (
      body: { key_metrics: Array<{ metric: string; sample_size: number }> },
      name: string,
    ) => body.key_metrics.find((each) => each.metric === name)!;
    const all = (
      await http().get(`${API}/metrics`).query(period).set(bearer('auditor')).expect(200)
    ).body;
    expect(metric(all, 'emergency_change_rate').sample_size).toBe(5);
    expect(all.unauthorized_changes.count).toBe(1);

    const high = (
      await http()
        .get(`${API}/metrics`)
        .query({ ...period, priority: 'high' })
        .set(bearer('auditor'))
        .expect(200)
    ).body;
    expect(high.filters).toEqual({ category: null, priority: 'high', affected_system: null });
    expect(metric(high, 'emergency_change_rate').sample_size).toBe(2); // overdue, shipped

    const search = (
      await http()
        .get(`${API}/metrics`)
        .query({ ...period, affected_system: 'search' })
        .set(bearer('auditor'))
        .expect(200)
    ).body;
    expect(metric(search, 'rollback_rate')).toMatchObject({ value: 1, sample_size: 1 });
    expect(search.unauthorized_changes.count).toBe(0); // billing's deployment is another system

    await http()
      .get(`${API}/metrics`)
      .query({ ...period, category: 'sideways' })
      .set(bearer('auditor'))
      .expect(400);
  });

  it("dates the latest checkpoint, and gives the emergency report's clocks", async () => {
    let checkpoint = await http().get('/api/v1/ledger/checkpoint').set(bearer('auditor'));
    for (let attempt = 0; checkpoint.status === 404 && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      checkpoint = await http().get('/api/v1/ledger/checkpoint').set(bearer('auditor'));
    }
    expect(checkpoint.status).toBe(200);
    expect(Number.isNaN(Date.parse(checkpoint.headers['last-modified'] ?? ''))).toBe(false);

    const now = clock.now();
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const report = (
      await http()
        .get(`${API}/reports/emergency`)
        .query({ quarter })
        .set(bearer('auditor'))
        .expect(200)
    ).body;
    const urgent = report.changes.find(
      (change: { change_request_id: string }) => change.change_request_id === population.urgent,
    );
    // 24 hours after implementation; the review 5 business days after it.
    expect(Date.parse(urgent.documentation_due_at) - Date.parse(urgent.implemented_at)).toBe(
      24 * 3_600_000,
    );
    expect(Date.parse(urgent.post_hoc_review_due_at)).toBeGreaterThan(
      Date.parse(urgent.documentation_due_at),
    );
  });
});
