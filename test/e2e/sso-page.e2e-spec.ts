import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { buildUi } from '../../apps/web/build';
import { REPO_ROOT } from '../support/app-process';
import { API, lowPriorityChange } from '../support/change-request-fixtures';
import { launchChromium } from '../support/chromium';
import { useTestApi } from '../support/test-api';
import {
  passwordGrant,
  realm,
  type RealmUser,
  realmVerifier,
  useTestKeycloak,
} from '../support/test-keycloak';

/**
 * The page signs in through a real Keycloak's own login page (issue 28): authorization code with
 * PKCE, the realm's groups mapped to the policy's roles; an approver approves, an auditor finds no
 * write action; the tokens never reach the address bar; signing out ends the Keycloak session.
 */
const BROWSER_TEST_TIMEOUT_MS = 120_000;
const UI_DIR = path.join(REPO_ROOT, '.tmp', `sso-page-${process.env.JEST_WORKER_ID ?? '0'}`);
const SESSION_KEY = 'change-ledger.provider-session';

/** The page's sign-in as this tab keeps it (sessionStorage); the test runs no DOM types. */
const keptSession = async (
  page: Page,
): Promise<{ accessToken: string; refreshToken: string } | null> =>
  JSON.parse(
    (await page.evaluate<string | null>(`sessionStorage.getItem('${SESSION_KEY}')`)) ?? 'null',
  );

describe('The page signs in with Keycloak, in Chromium', () => {
  const keycloak = useTestKeycloak();
  let browser: Browser;
  let baseUrl: string;
  const api = useTestApi(async () => {
    browser = await launchChromium();
    api.closeFirst(() => browser.close());
    await buildUi({ outDir: UI_DIR });
    const { issuer } = keycloak.current();
    return {
      uiDir: UI_DIR,
      signIn: { issuer, clientId: realm.clients.web },
      jwt: await realmVerifier(issuer),
    };
  }, BROWSER_TEST_TIMEOUT_MS);
  beforeAll(async () => {
    await api.app.listen(0, '127.0.0.1');
    baseUrl = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  const http = () => request(api.app.getHttpServer());
  const policyViolations: string[] = [];
  afterEach(() => expect(policyViolations.splice(0)).toEqual([]));

  async function fileAChange(title: string): Promise<string> {
    const { access_token } = await passwordGrant(keycloak.current(), 'requester');
    const created = await http()
      .post(`${API}/change-requests`)
      .set('Authorization', `Bearer ${access_token}`)
      .send({ ...lowPriorityChange, title })
      .expect(201);
    return created.body.change_request_id;
  }

  /** Through Keycloak's own login page, as the person would; every address the tab visits kept. */
  async function signInThroughKeycloak(
    who: RealmUser,
    hash = '',
  ): Promise<{ page: Page; visited: string[] }> {
    const page = await browser.newPage();
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    await page.goto(`${baseUrl}/${hash}`);
    await page
      .getByRole('button', { name: `Sign in with ${new URL(keycloak.current().url).host}` })
      .click();
    await page.locator('#username').fill(realm.users[who].username);
    await page.locator('#password').fill(realm.users[who].password);
    await page.locator('#kc-login').click();
    await page.locator('#signed-in-as').waitFor();
    return { page, visited };
  }

  it('tells the page, publicly, where to sign in; lets it talk to that provider and no other', async () => {
    const { issuer, url } = keycloak.current();
    await http()
      .get('/sign-in.json')
      .expect(200, { oidc: { issuer, client_id: realm.clients.web, scope: 'openid profile' } });
    const page = await http().get('/').expect(200);
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ${url}; `);
  });

  it(
    'signs the approver in through Keycloak, shows who they are, and approves a change',
    async () => {
      const id = await fileAChange('Rotate the TLS certificates');
      const { page, visited } = await signInThroughKeycloak('approver', '#/approvals');
      expect(await page.locator('#signed-in-as').textContent()).toBe(
        'alice · change-manager, engineering-manager',
      );
      // Back on the view asked for, with nothing of the sign-in left in the address bar.
      expect(page.url()).toBe(`${baseUrl}/#/approvals`);
      const { accessToken, refreshToken } = (await keptSession(page))!;
      for (const url of visited) {
        expect(url).not.toContain(accessToken);
        expect(url).not.toContain(refreshToken);
      }

      // The change's own view offers the approver the decision (the auditor's offers none).
      await page.goto(`${baseUrl}/#/changes/${id}`);
      await page.getByRole('button', { name: `Approve ${id} as change-manager` }).waitFor();
      await page.goto(`${baseUrl}/#/approvals`);
      const row = page.locator('#my-approvals tbody tr').filter({ hasText: id });
      await row.getByRole('button', { name: `Approve ${id} as change-manager` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Comment').fill('Signed in through Keycloak');
      await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
      await dialog.getByText('The ledger’s receipt').waitFor();
      const history = await http()
        .get(`${API}/change-requests/${id}/history`)
        .set('Authorization', `Bearer ${accessToken}`)
        .expect(200);
      expect(history.body.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            user: 'alice',
            roles: ['change-manager', 'engineering-manager'],
            authenticated_by: 'oidc-jwt',
          }),
        ]),
      );
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'signs the auditor in: a change shows no write action',
    async () => {
      const id = await fileAChange('Raise the connection pool');
      const { page } = await signInThroughKeycloak('auditor', `#/changes/${id}`);
      expect(await page.locator('#signed-in-as').textContent()).toBe(
        'audrey · auditor (read only)',
      );
      await page.getByRole('heading', { name: id }).waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      expect(await page.getByRole('button', { name: /approve|reject/i }).count()).toBe(0);
      await page.goto(`${baseUrl}/#/approvals`);
      await page.locator('.loading').waitFor({ state: 'detached' });
      expect(await page.getByRole('button', { name: /approve|reject/i }).count()).toBe(0);
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "refuses a sign-in it did not start (someone else's code in a link), and cleans the address bar",
    async () => {
      // Login CSRF: a link carrying the sender's own code would sign the victim in as the sender.
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/?code=a-code-of-someone-else&state=their-state#/approvals`);
      await page.getByRole('alert').filter({ hasText: 'not started here' }).waitFor();
      expect(page.url()).toBe(`${baseUrl}/#/approvals`);
      expect(await keptSession(page)).toBeNull();
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'refreshes the access token, and signs out of the page and of Keycloak',
    async () => {
      const { page } = await signInThroughKeycloak('approver');
      const before = (await keptSession(page))!.accessToken;
      // An access token the API no longer takes: the page refreshes it once and carries on.
      const spoilt = JSON.stringify({ ...(await keptSession(page)), accessToken: 'expired' });
      await page.evaluate(`sessionStorage.setItem('${SESSION_KEY}', ${JSON.stringify(spoilt)})`);
      await page.reload();
      await page.locator('#signed-in-as').waitFor();
      const after = (await keptSession(page))!.accessToken;
      expect(after).not.toBe(before);
      expect(after).not.toBe('expired');

      await page.getByRole('button', { name: 'Sign out' }).click();
      // Keycloak asks to confirm (no token is put in the logout link), then sends the person back.
      await page.getByRole('button', { name: /^log ?out$/i }).click();
      await page.getByRole('button', { name: /^Sign in with / }).waitFor();
      expect(await keptSession(page)).toBeNull();
      // The Keycloak session is over: signing in again asks for the password.
      await page.getByRole('button', { name: /^Sign in with / }).click();
      await page.locator('#password').waitFor();
      await page.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
