import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type Locator, type Page } from 'playwright-core';
import request from 'supertest';
import { buildUi } from '../../apps/web/build';
import {
  formatMetric,
  METRIC_NAMES,
  monthOf,
  monthsEndingWith,
  periodOfMonths,
} from '../../apps/web/src/format';
import { REPO_ROOT } from '../support/app-process';
import { API, completeRollbackPlan, lowPriorityChange } from '../support/change-request-fixtures';
import { launchChromium } from '../support/chromium';
import {
  type DashboardPopulation,
  recordDashboardPopulation,
} from '../support/dashboard-population';
import {
  bearer,
  movableClock,
  NOTIFIER_SENDING_NOWHERE,
  type Person,
  tokenOf,
  useTestApi,
} from '../support/test-api';

/**
 * The built-in dashboard page in a real browser (headless Chromium from Debian's package, driven
 * by playwright-core): what it shows is what the API answers, and it acts as the API allows.
 * Screenshots go to test-artifacts/; with UPDATE_SCREENSHOTS=1 also to docs/screenshots/ (the
 * README's images).
 */
const BROWSER_TEST_TIMEOUT_MS = 120_000;
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const README_IMAGES = path.join(REPO_ROOT, 'docs/screenshots');
const UI_DIR = path.join(REPO_ROOT, '.tmp', `dashboard-page-${process.env.JEST_WORKER_ID ?? '0'}`);

describe('The built-in dashboard page, in Chromium', () => {
  let browser: Browser;
  let baseUrl: string;
  let population: DashboardPopulation;
  const clock = movableClock();

  const api = useTestApi(async () => {
    // Fails first, and loudly, where there is no Chromium.
    browser = await launchChromium();
    api.closeFirst(() => browser.close());
    // Built from the sources at every run (esbuild takes a fraction of a second), into a folder
    // of its own: never a stale bundle, and the developer's dist/web is left alone.
    await buildUi({ outDir: UI_DIR });
    return { clock, uiDir: UI_DIR, log: { intervalMs: 200 }, notifier: NOTIFIER_SENDING_NOWHERE };
  }, BROWSER_TEST_TIMEOUT_MS);
  beforeAll(async () => {
    await api.app.listen(0, '127.0.0.1');
    baseUrl = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    population = await recordDashboardPopulation(api.app, clock);
    await mkdir(ARTIFACTS, { recursive: true });
  }, BROWSER_TEST_TIMEOUT_MS);

  const policyViolations: string[] = [];
  afterEach(() => expect(policyViolations.splice(0)).toEqual([]));

  const http = () => request(api.app.getHttpServer());
  /** The last twelve months up to the server's month: the population's period. */
  const overviewHash = () => {
    const to = monthOf(clock.now());
    return `#/overview?from=${monthsEndingWith(to, 12)[0]}&to=${to}`;
  };

  async function signIn(who: Person, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    // The page keeps to its Content-Security-Policy: Chromium reports each refusal here.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    // The page's clock is the server's (moved forward by the population), so "overdue" and
    // "in 3h" agree on the screenshots.
    await page.clock.setFixedTime(clock.now());
    await page.goto(`${baseUrl}/${overviewHash()}`);
    await page.getByLabel('Token').fill(tokenOf(who));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signed-in-as').waitFor();
    return page;
  }

  async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(README_IMAGES, { recursive: true });
      await page.screenshot({ path: path.join(README_IMAGES, `${name}.png`), fullPage });
    }
  }

  it(
    'shows the key metrics /metrics answers, approves from my approvals, and opens a change',
    async () => {
      const page = await signIn('qa');
      expect(await page.locator('#signed-in-as').textContent()).toContain('quinn · qa');
      // Nothing on the page came through the URL but the view and its filters.
      expect(page.url()).not.toContain(tokenOf('qa'));

      // Key metrics: the page's numbers are /metrics' for the period it shows.
      const period = page.locator('[data-period-from]');
      await period.waitFor();
      const from = (await period.getAttribute('data-period-from'))!;
      const to = (await period.getAttribute('data-period-to'))!;
      const metrics = (
        await http().get(`${API}/metrics`).query({ from, to }).set(bearer('qa')).expect(200)
      ).body;
      expect(metrics.key_metrics).toHaveLength(5);
      for (const metric of metrics.key_metrics) {
        const card = page.locator(`[data-metric="${metric.metric}"]`);
        expect(await card.locator('h3').textContent()).toBe(METRIC_NAMES[metric.metric]);
        expect(await card.locator('.value').textContent()).toBe(
          formatMetric(metric.value, metric.unit),
        );
        expect(await card.locator('.badge').textContent()).toBe(
          metric.met === null ? '— no data' : metric.met ? '✓ met' : '✗ missed',
        );
      }
      // The population's numbers, so that the comparison above compared something.
      const value = (name: string) =>
        metrics.key_metrics.find((metric: { metric: string }) => metric.metric === name).value;
      expect(value('change_success_rate')).toBe(0.5); // shipped completed, reverted rolled back
      expect(value('average_approval_time_high_priority')).toBeCloseTo(1.5, 2); // the clock also runs
      expect(value('emergency_change_rate')).toBe(0.2); // 1 of 5
      expect(await page.locator('[data-metric="unauthorized_changes"] .value').textContent()).toBe(
        '1',
      );
      expect(await page.locator('figure.trend svg[role="img"]').count()).toBe(9);
      await screenshot(page, 'overview');

      // My approvals: overdue first; approving one takes it out of the queue.
      await page.getByRole('link', { name: 'Approvals' }).click();
      const mine = page.locator('#my-approvals');
      await mine.locator('tbody tr').first().waitFor();
      const rows = await mine.locator('tbody tr').allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain(population.overdue);
      expect(rows[0]).toContain('overdue');
      expect(rows[1]).toContain(population.waiting);
      await screenshot(page, 'approvals');
      await page.getByRole('button', { name: `Approve ${population.waiting} as qa` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Approved ${population.waiting} as qa.` })
        .waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await expect(mine.textContent()).resolves.not.toContain(population.waiting);
      expect(await mine.locator('tbody tr').count()).toBe(1);
      const queue = await http()
        .get(`${API}/approvals/pending`)
        .query({ role: 'qa' })
        .set(bearer('qa'))
        .expect(200);
      expect(
        queue.body.pending.map((row: { change_request_id: string }) => row.change_request_id),
      ).toEqual([population.overdue]);

      // A change request's page: state, approvals, the gate's answer, the history.
      await mine.getByRole('link', { name: population.overdue }).click();
      await page.getByRole('heading', { name: 'Deploy gate (production)' }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        `${population.overdue} Rotate the database credentials`,
      );
      expect(await page.locator('#section-state').locator('..').textContent()).toContain(
        'pending approval',
      );
      await page.goto(`${baseUrl}/#/changes/${population.shipped}`);
      await page.getByRole('heading', { name: 'History' }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
        population.shipped,
      );
      expect(await page.locator('#section-state').locator('..').textContent()).toContain(
        'completed',
      );
      expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(8);
      expect(await page.getByText('Decision:').textContent()).toMatch(/allow|deny/);

      await page.goto(`${baseUrl}/#/deployments?${overviewHash().split('?')[1]}`);
      await page.getByRole('heading', { name: 'Emergency changes' }).waitFor();
      const deployments = await page.locator('main').textContent();
      expect(deployments).toContain('billing'); // the deployment no change covered
      expect(deployments).toContain('INC-1');
      expect(deployments).toContain(population.urgent);
      await screenshot(page, 'deployments');

      await page.goto(`${baseUrl}/#/operations`);
      await page.getByRole('heading', { name: 'Projections' }).waitFor();
      // The notifier's planner is a projection too (the seed policy enables notifications).
      const projectionRows = page.locator('main table').last().locator('tbody tr');
      for (const projection of ['change-requests', 'ci-events', 'notifications'])
        expect(await projectionRows.filter({ hasText: projection }).count()).toBe(1);
      await screenshot(page, 'operations');

      await page.goto(`${baseUrl}/#/catalogue`);
      await page.getByRole('heading', { name: 'Templates' }).waitFor();
      const catalogue = await page.locator('main table').textContent();
      for (const template of ['certificate-renewal', 'config-value-change', 'dependency-update'])
        expect(catalogue).toContain(template);
      await screenshot(page, 'catalogue');

      // A phone's width: the same overview, one column.
      const phone = await signIn('qa', PHONE);
      await phone.locator('[data-metric="change_success_rate"] .value').waitFor();
      await screenshot(phone, 'overview-phone');
      await phone.close();
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  /** A change a reviewer reads in full: every part of the request, and CI's facts about it. */
  async function recordReviewedChange(): Promise<string> {
    const created = await http()
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send(reviewedChange)
      .expect(201);
    const id: string = created.body.change_request_id;
    for (const [factId, fields] of [
      ['tests-7', { type: 'test_run', outcome: 'failure', tests: { total: 120, failed: 3 } }],
      ['scan-7', { type: 'security_scan', outcome: 'failure', findings: { critical: 2, high: 0 } }],
    ] as const)
      await http()
        .post('/api/v1/ingest/events')
        .set(bearer('pipeline'))
        .send({
          source: 'jenkins.acme.example/sessions',
          id: factId,
          occurred_at: clock.now().toISOString(),
          change_request_id: id,
          ...fields,
        })
        .expect(202);
    // The CI facts' read model and the log's leaves are written beside the change: waited for.
    await eventually(async () => {
      const [facts, history] = await Promise.all([
        http()
          .get('/api/v1/ci-events')
          .query({ change_request_id: id })
          .set(bearer('auditor'))
          .expect(200),
        http().get(`${API}/change-requests/${id}/history`).set(bearer('auditor')).expect(200),
      ]);
      return (
        facts.body.ci_events.length === 2 &&
        history.body.history.every(
          (entry: { leaf_index: number | null }) => entry.leaf_index !== null,
        )
      );
    });
    return id;
  }

  it(
    'shows a reviewer the whole change: request, plans, risk, schedule, what CI said, the gate’s reasons, each event’s leaf',
    async () => {
      const id = await recordReviewedChange();
      const page = await signIn('qa');
      await page.goto(`${baseUrl}/#/changes/${id}`);
      await page.getByRole('heading', { name: 'History' }).waitFor();
      const text = async (section: string) =>
        (await page.locator(`section:has(> h2:text-is("${section}"))`).textContent()) ?? '';

      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        `${id} ${reviewedChange.title}`,
      );
      const request = await text('The request');
      for (const part of [
        reviewedChange.description,
        reviewedChange.business_justification,
        reviewedChange.impact_scope,
      ])
        expect(request).toContain(part);
      const plans = await text('Plans');
      for (const part of [
        reviewedChange.implementation_plan,
        reviewedChange.test_plan,
        reviewedChange.test_environment,
        reviewedChange.rollback_plan.trigger_condition,
        ...reviewedChange.rollback_plan.steps,
        reviewedChange.rollback_plan.owner,
        ...reviewedChange.rollback_plan.verification_steps,
        '25 min',
      ])
        expect(plans).toContain(part);
      const risk = await text('Risk');
      for (const part of [
        'medium',
        reviewedChange.risk_assessment,
        reviewedChange.security_considerations,
      ])
        expect(risk).toContain(part);
      expect(await text('Schedule')).toContain('2027-01-15 22:00 UTC');

      // What CI said, as the API says it; the gate's every reason, as the API gives them.
      const evidence = await text('CI evidence');
      expect(evidence).toContain('tests 120/3 failed');
      expect(evidence).toContain('scan: 2 critical');
      const gates = (
        await http()
          .get(`${API}/change-requests/${id}/gates`)
          .query({ environment: 'production' })
          .set(bearer('qa'))
          .expect(200)
      ).body;
      const gateText = await text('Deploy gate (production)');
      expect(gates.gates.length).toBeGreaterThan(3);
      for (const gate of gates.gates) expect(gateText).toContain(gate.reason);

      // Each history entry with its event, hash and leaf; a CI fact's receipt and leaf on demand.
      const history = (
        await http().get(`${API}/change-requests/${id}/history`).set(bearer('qa')).expect(200)
      ).body.history as Array<{ event_id: string; leaf_index: number; hash: string }>;
      const entries = page.locator('.timeline li');
      expect(await entries.count()).toBe(history.length);
      for (const [index, entry] of history.entries()) {
        const shown = await entries.nth(index).textContent();
        expect(shown).toContain(`log leaf ${entry.leaf_index}`);
        expect(shown).toContain(entry.hash.slice(0, 12));
      }
      const fact = (
        await http()
          .get(`/api/v1/ci-events/${encodeURIComponent('jenkins.acme.example/sessions')}/tests-7`)
          .set(bearer('qa'))
          .expect(200)
      ).body;
      const receipt = page.locator('details.fact-receipt').filter({ hasText: 'tests-7' });
      await receipt.locator('summary').click();
      await receipt.locator('pre').waitFor();
      expect(await receipt.textContent()).toContain(`log leaf ${fact.log_leaf}`);
      expect(await receipt.locator('pre').textContent()).toBe(fact.receipt);
      await screenshot(page, 'change-request');

      const phone = await signIn('qa', PHONE);
      await phone.goto(`${baseUrl}/#/changes/${id}`);
      await phone.getByRole('heading', { name: 'History' }).waitFor();
      await expectNoSidewaysScroll(phone);
      await screenshot(phone, 'change-request-phone');
      await phone.close();
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'approves and rejects only after a confirmation naming the change and the role, with the comment given',
    async () => {
      const toApprove = await createForQa('Raise the session timeout');
      const toReject = await createForQa('Drop the legacy login page');
      const page = await signIn('qa');
      const writes: Array<{ url: string; body: unknown }> = [];
      page.on('request', (sent) => {
        if (sent.method() !== 'GET') writes.push({ url: sent.url(), body: sent.postDataJSON() });
      });
      await page.goto(`${baseUrl}/#/approvals`);
      const row = page.locator('#my-approvals tbody tr').filter({ hasText: toApprove });
      await row.waitFor();

      // One click opens the confirmation and sends nothing; cancelling sends nothing either.
      await row.getByRole('button', { name: `Approve ${toApprove} as qa` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getByRole('heading').textContent()).toBe(`Approve ${toApprove} as qa?`);
      expect(await dialog.textContent()).toContain('Raise the session timeout');
      await screenshot(page, 'approve-dialog', false);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(writes).toEqual([]);

      await row.getByRole('button', { name: `Approve ${toApprove} as qa` }).click();
      await dialog.getByLabel('Comment').fill('Checked the rollback steps on staging');
      await dialog.getByLabel('Conditions').fill('Deploy after 18:00 UTC\nWatch the error rate');
      await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
      await dialog.getByText('The ledger’s receipt').waitFor();
      expect(writes).toEqual([
        {
          url: expect.stringMatching(new RegExp(`/change-requests/${toApprove}/approve$`)),
          body: {
            approved: true,
            role: 'qa',
            comments: 'Checked the rollback steps on staging',
            conditions: ['Deploy after 18:00 UTC', 'Watch the error rate'],
          },
        },
      ]);
      expect(await dialog.locator('pre').textContent()).toMatch(/^test\.example\/log\n/);
      const approved = (
        await http().get(`${API}/change-requests/${toApprove}`).set(bearer('qa')).expect(200)
      ).body;
      expect(approved.approvals).toEqual([
        expect.objectContaining({
          role: 'qa',
          approved_by: 'quinn',
          comments: 'Checked the rollback steps on staging',
          conditions: ['Deploy after 18:00 UTC', 'Watch the error rate'],
        }),
      ]);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(page.locator('#my-approvals').textContent()).resolves.not.toContain(toApprove);

      // From the change's own page: a rejection needs its reason before anything is sent.
      await page.goto(`${baseUrl}/#/changes/${toReject}`);
      await page.getByRole('button', { name: `Reject ${toReject} as qa` }).click();
      expect(await dialog.getByRole('heading').textContent()).toBe(`Reject ${toReject} as qa?`);
      await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
      expect(await dialog.getByLabel('Reason').evaluate((field) => field.matches(':invalid'))).toBe(
        true,
      );
      expect(writes).toHaveLength(1);
      await dialog.getByLabel('Reason').fill('The legacy page still serves the partner SSO');
      await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
      await dialog.getByText('The ledger’s receipt').waitFor();
      expect(writes[1]).toEqual({
        url: expect.stringMatching(new RegExp(`/change-requests/${toReject}/reject$`)),
        body: { role: 'qa', reason: 'The legacy page still serves the partner SSO' },
      });
      const rejected = (
        await http().get(`${API}/change-requests/${toReject}`).set(bearer('qa')).expect(200)
      ).body;
      expect(rejected.status).toBe('rejected');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('heading', { name: 'History' }).waitFor();
      expect(await page.locator('.timeline').textContent()).toContain(
        'Rejected as qa: The legacy page still serves the partner SSO',
      );
      expect(await page.getByRole('button', { name: /^(Approve|Reject) / }).count()).toBe(0);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'is usable at 390 px: the approval’s due time and Approve on screen, no view wider than the phone',
    async () => {
      const phone = await signIn('qa', PHONE);
      await phone.goto(`${baseUrl}/#/approvals`);
      const row = phone.locator('#my-approvals tbody tr').filter({ hasText: population.overdue });
      await row.waitFor();
      await expectOnScreen(
        row.getByRole('button', { name: `Approve ${population.overdue} as qa` }),
      );
      await expectOnScreen(row.locator('.due'));
      expect(await row.locator('.due').textContent()).toContain('overdue');
      await expectNoSidewaysScroll(phone);
      await screenshot(phone, 'approvals-phone');
      // The confirmation fits the phone too.
      await row.getByRole('button', { name: `Approve ${population.overdue} as qa` }).click();
      const dialog = phone.getByRole('dialog');
      await expectOnScreen(dialog);
      await expectOnScreen(dialog.getByRole('button', { name: 'Approve', exact: true }));
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      for (const view of [
        overviewHash(),
        `#/deployments?${overviewHash().split('?')[1]}`,
        '#/catalogue',
        '#/operations',
      ]) {
        await phone.goto(`${baseUrl}/${view}`);
        await phone.locator('main section').first().waitFor();
        await phone.locator('.loading').waitFor({ state: 'detached' });
        await expectNoSidewaysScroll(phone);
      }
      await phone.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'scales each chart to its data, and counts in the list’s heading what matched',
    async () => {
      const page = await signIn('qa');
      await page.locator('figure.trend').first().waitFor();
      const charts = await page.locator('figure.trend svg').evaluateAll((svgs) =>
        svgs.map((chart) => ({
          title: chart.closest('figure')!.querySelector('figcaption')!.textContent,
          top: Number(chart.getAttribute('data-axis-top')),
          largest: Number(chart.getAttribute('data-largest')),
          topLabel: chart.querySelector('.tick-top')!.textContent,
        })),
      );
      expect(charts).toHaveLength(9);
      for (const chart of charts) {
        expect(chart.top).toBeGreaterThanOrEqual(chart.largest);
        if (chart.largest === 0) expect(chart.top).toBe(1);
        else expect(chart.top).toBeLessThanOrEqual((chart.largest * 4) / 3);
      }
      // 50 % this month, against a target of 95 %: the axis ends at 100 %, not 200 %.
      expect(charts.find((chart) => chart.title === 'Change success rate')).toMatchObject({
        top: 1,
        topLabel: '100%',
      });

      const matched = (
        await http()
          .get(`${API}/change-requests`)
          .query({ ...periodOfOverview(), limit: 200 })
          .set(bearer('qa'))
          .expect(200)
      ).body.items.length;
      expect(matched).toBeLessThan(20);
      const caption = () => page.locator('#change-requests caption').textContent();
      expect(await caption()).toContain(`all ${matched}`);

      // More than a page: the heading says "first 20", and "Show 20 more" fetches the rest.
      let position = '';
      for (let index = 0; index < 21; index += 1)
        position = (
          await http()
            .post(`${API}/change-requests`)
            .set(bearer('requester'))
            .send({ ...lowPriorityChange, affected_systems: ['bulk-import'] })
            .expect(201)
        ).body.position;
      await http()
        .get(`${API}/change-requests`)
        .query({ min_position: position })
        .set(bearer('qa'))
        .expect(200);
      await page.goto(`${baseUrl}/${overviewHash()}&system=bulk-import`);
      await page.locator('#change-requests tbody tr').first().waitFor();
      expect(await caption()).toContain('the first 20; more match');
      expect(await page.locator('#change-requests tbody tr').count()).toBe(20);
      await page.getByRole('button', { name: 'Show 20 more' }).click();
      await page.locator('#change-requests tbody tr').nth(20).waitFor();
      expect(await page.locator('#change-requests tbody tr').count()).toBe(21);
      expect(await caption()).toContain('all 21');
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  async function createForQa(title: string): Promise<string> {
    const created = await http()
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title,
        description: `${title}, for QA to decide`,
        change_type: 'feature',
        priority: 'medium',
        affected_systems: ['web'],
        test_plan: 'The suite CI runs',
        rollback_plan: completeRollbackPlan,
      })
      .expect(201);
    await http()
      .get(`${API}/approvals/pending`)
      .query({ role: 'qa', min_position: created.body.position })
      .set(bearer('qa'))
      .expect(200);
    return created.body.change_request_id;
  }

  /** The period the overview shows by default, as the list route takes it. */
  function periodOfOverview(): { from: string; to: string } {
    const to = monthOf(clock.now());
    return periodOfMonths(monthsEndingWith(to, 12)[0]!, to);
  }

  it(
    'shows the view last asked for when an earlier one answers after it',
    async () => {
      // The overview's numbers held back until the reader has moved on to a change: the late
      // answer must not paint the overview over the change (CI saw this once, on a busy machine).
      const page = await browser.newPage({ viewport: PHONE });
      await page.clock.setFixedTime(clock.now());
      let releaseMetrics!: () => void;
      const metricsHeld = new Promise<void>((resolve) => (releaseMetrics = resolve));
      let metricsAsked!: () => void;
      const metricsRequested = new Promise<void>((resolve) => (metricsAsked = resolve));
      await page.route(/\/api\/v1\/change-management\/metrics\?/, async (route) => {
        metricsAsked();
        await metricsHeld;
        await route.continue();
      });
      await page.goto(`${baseUrl}/${overviewHash()}`);
      await page.getByLabel('Token').fill(tokenOf('qa'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await metricsRequested;
      await page.goto(`${baseUrl}/#/changes/${population.overdue}`);
      await page.getByRole('heading', { name: 'History' }).waitFor();
      releaseMetrics();
      // The overview's answer has arrived and been read (the page is idle again) ...
      await page.waitForLoadState('networkidle');
      await page.evaluate('new Promise((resolve) => setTimeout(resolve, 100))');
      // ... and the change is still what the page shows.
      expect(await page.locator('main h1').textContent()).toMatch(
        new RegExp(`^${population.overdue} `),
      );
      expect(await page.getByRole('heading', { name: 'History' }).count()).toBe(1);
      expect(await page.locator('[data-metric]').count()).toBe(0);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'offers an auditor no write action anywhere, and sends nothing but reads',
    async () => {
      const page = await signIn('auditor');
      const writes: string[] = [];
      page.on('request', (sent) => {
        if (sent.method() !== 'GET') writes.push(`${sent.method()} ${sent.url()}`);
      });
      expect(await page.locator('#signed-in-as').textContent()).toContain('(read only)');
      for (const view of [
        overviewHash(),
        '#/approvals',
        `#/deployments?${overviewHash().split('?')[1]}`,
        '#/operations',
        '#/catalogue',
        `#/changes/${population.overdue}`,
      ]) {
        await page.goto(`${baseUrl}/${view}`);
        await page.locator('main section').first().waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        // The only buttons: sign out, apply filters, page through the queue, show more.
        const buttons = await page.getByRole('button').allTextContents();
        for (const text of buttons)
          expect(text).toMatch(/^(Sign out|Apply|← Previous page|Next page →|Show \d+ more)$/);
      }
      // The whole queue lists what others must approve, with no approve button for the auditor.
      await page.goto(`${baseUrl}/#/approvals`);
      await page.locator('#whole-queue tbody tr').first().waitFor();
      expect(await page.locator('#whole-queue').textContent()).toContain(population.overdue);
      expect(await page.locator('button.approve').count()).toBe(0);
      expect(writes).toEqual([]);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

const PHONE = { width: 390, height: 844 };

/** A change as a careful requester files it: each part a reviewer reads. */
const reviewedChange = {
  title: 'Move sessions to Redis 7',
  description: 'Sessions move from the Redis 6 cluster to a new Redis 7 cluster.',
  business_justification: 'Redis 6 leaves support in March; the new cluster halves the latency.',
  change_type: 'infrastructure',
  priority: 'medium',
  affected_systems: ['sessions'],
  impact_scope: 'Every signed-in user; sessions are kept across the move.',
  risk_level: 'medium',
  risk_assessment: 'A failed replication would sign users out; the old cluster stays warm.',
  security_considerations: 'TLS between the app and the cluster; no new credentials.',
  implementation_plan: 'Replicate, switch the read path, then the write path, behind a flag.',
  test_plan: 'Load test at twice the peak, and a failover drill.',
  test_environment: 'staging-eu',
  rollback_plan: {
    trigger_condition: 'Session errors above 0.1 % for 5 minutes',
    steps: ['Turn the flag off', 'Point the write path back at Redis 6'],
    owner: 'engineer-456',
    verification_steps: ['Sign in and out on every region'],
    time_estimate_minutes: 25,
  },
  scheduled_for: '2027-01-15T22:00:00Z',
};

/** Within the phone's width, without scrolling sideways to reach it. */
async function expectOnScreen(part: Locator): Promise<void> {
  const box = (await part.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
}

/** The page fits the phone's width: nothing to scroll sideways but a table's own region. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate<{ page: number; screen: number }>(
    '({ page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth })',
  );
  expect(widths.page).toBeLessThanOrEqual(widths.screen);
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; !(await check()); attempt += 1) {
    if (attempt > 100) throw new Error('the read models never caught up');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
