import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { buildUi } from '../../apps/web/build';
import { formatMetric, METRIC_NAMES, monthOf, monthsEndingWith } from '../../apps/web/src/format';
import { REPO_ROOT } from '../support/app-process';
import { API } from '../support/change-request-fixtures';
import { launchChromium } from '../support/chromium';
import {
  type DashboardPopulation,
  recordDashboardPopulation,
} from '../support/dashboard-population';
import { bearer, useTestApi, movableClock, type Person, tokenOf } from '../support/test-api';

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
    return { clock, uiDir: UI_DIR, log: { intervalMs: 200 } };
  }, BROWSER_TEST_TIMEOUT_MS);
  beforeAll(async () => {
    await api.app.listen(0, '127.0.0.1');
    baseUrl = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    population = await recordDashboardPopulation(api.app, clock);
    await mkdir(ARTIFACTS, { recursive: true });
  }, BROWSER_TEST_TIMEOUT_MS);

  const http = () => request(api.app.getHttpServer());
  /** The last twelve months up to the server's month: the population's period. */
  const overviewHash = () => {
    const to = monthOf(clock.now());
    return `#/overview?from=${monthsEndingWith(to, 12)[0]}&to=${to}`;
  };

  async function signIn(who: Person, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    // The page's clock is the server's (moved forward by the population), so "overdue" and
    // "in 3h" agree on the screenshots.
    await page.clock.setFixedTime(clock.now());
    await page.goto(`${baseUrl}/${overviewHash()}`);
    await page.getByLabel('Token').fill(tokenOf(who));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signed-in-as').waitFor();
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mkdir(README_IMAGES, { recursive: true });
      await page.screenshot({ path: path.join(README_IMAGES, `${name}.png`), fullPage: true });
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
      await page
        .getByRole('status')
        .filter({ hasText: `Approved ${population.waiting} as qa.` })
        .waitFor();
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
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(population.overdue);
      expect(await page.locator('.facts').textContent()).toContain('pending approval');
      await page.goto(`${baseUrl}/#/changes/${population.shipped}`);
      await page.getByRole('heading', { name: 'History' }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(population.shipped);
      expect(await page.locator('.facts').textContent()).toContain('completed');
      expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(8);
      expect(await page.getByText('Decision:').textContent()).toMatch(/allow|deny/);
      await screenshot(page, 'change-request');

      await page.goto(`${baseUrl}/#/deployments?${overviewHash().split('?')[1]}`);
      await page.getByRole('heading', { name: 'Emergency changes' }).waitFor();
      const deployments = await page.locator('main').textContent();
      expect(deployments).toContain('billing'); // the deployment no change covered
      expect(deployments).toContain('INC-1');
      expect(deployments).toContain(population.urgent);
      await screenshot(page, 'deployments');

      await page.goto(`${baseUrl}/#/operations`);
      await page.getByRole('heading', { name: 'Projections' }).waitFor();
      await screenshot(page, 'operations');

      await page.goto(`${baseUrl}/#/catalogue`);
      await page.getByRole('heading', { name: 'Templates' }).waitFor();
      const catalogue = await page.locator('main table').textContent();
      for (const template of ['certificate-renewal', 'config-value-change', 'dependency-update'])
        expect(catalogue).toContain(template);
      await screenshot(page, 'catalogue');

      // A phone's width: the same overview, one column.
      const phone = await signIn('qa', { width: 390, height: 844 });
      await phone.locator('[data-metric="change_success_rate"] .value').waitFor();
      await screenshot(phone, 'overview-phone');
      await phone.close();
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
        // The only buttons: sign out, apply filters, page through the queue.
        const buttons = await page.getByRole('button').allTextContents();
        for (const text of buttons)
          expect(text).toMatch(/^(Sign out|Apply|← Previous page|Next page →)$/);
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
