import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import request from 'supertest';
import {
  CLI_TEST_TIMEOUT_MS,
  compiledEntryArgs,
  REPO_ROOT,
  runLedgerCli,
} from '../support/app-process';
import { launchChromium } from '../support/chromium';
import { useTestApi } from '../support/test-api';
import { realm, realmVerifier, useTestKeycloak } from '../support/test-keycloak';

/**
 * `ledger login` against a real Keycloak (issue 28): the device authorization grant, with the
 * person's part — opening the link, signing in on Keycloak's own page — done in Chromium; the
 * token kept in the user's config directory (0600) and used by the commands that call the API,
 * refreshed when it expires; `ledger logout` forgets it and revokes it at Keycloak.
 */
describe('ledger login (device authorization grant, Keycloak)', () => {
  const keycloak = useTestKeycloak();
  const api = useTestApi(async () => ({
    jwt: await realmVerifier(keycloak.current().issuer),
  }));
  let browser: Browser;
  let configHome: string;
  let apiUrl: string;
  beforeAll(async () => {
    browser = await launchChromium();
    configHome = await mkdtemp(path.join(tmpdir(), 'change-ledger-config-'));
    await api.app.listen(0, '127.0.0.1');
    apiUrl = await api.app.getUrl();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rm(configHome, { recursive: true, force: true });
  });

  const loginFile = () => path.join(configHome, 'change-ledger', 'login.json');
  // No LEDGER_TOKEN: the commands fall back to the sign-in.
  const cliEnv = () => ({ XDG_CONFIG_HOME: configHome, LEDGER_TOKEN: '', LEDGER_URL: apiUrl });

  /** `ledger login`, with the person signing in on Keycloak's device page as they would. */
  async function signInWithTheCli(user: { username: string; password: string }) {
    const cli = spawn(
      process.execPath,
      [
        ...compiledEntryArgs('apps/ledger/src/main.ts'),
        'login',
        '--issuer',
        keycloak.current().issuer,
        '--client-id',
        realm.clients.cli,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...cliEnv() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    const link = await new Promise<string>((resolve, reject) => {
      cli.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /open (\S+) in a browser and enter the code (\S+)/.exec(stderr);
        if (found) resolve(`${found[1]}?user_code=${found[2]}`);
      });
      void exited.then((code) => reject(new Error(`ledger login exited with ${code}: ${stderr}`)));
    });
    const page = await browser.newPage();
    try {
      await page.goto(link);
      // Keycloak asks for the code (filled from the link) before the sign-in.
      const codeForm = page.locator('#device-user-code');
      if (await codeForm.count()) await page.locator('input[type=submit]').click();
      await page.locator('#username').fill(user.username);
      await page.locator('#password').fill(user.password);
      await page.locator('#kc-login').click();
      // Keycloak asks the person to grant the CLI its access (always, for a device).
      await page.getByRole('button', { name: 'Yes' }).click();
      await page
        .getByRole('heading', { name: /device login successful/i })
        .waitFor({ timeout: 15_000 })
        .catch(async (error: unknown) => {
          throw new Error(
            `${String(error)}\nKeycloak's page says: ${await page.locator('body').innerText()}`,
          );
        });
    } finally {
      await page.close();
    }
    return { status: await exited, stderr: () => stderr };
  }

  it(
    'signs in, keeps the token for the user alone, and the commands call the API as that person',
    async () => {
      const login = await signInWithTheCli(realm.users.approver);
      expect(login.stderr()).toContain('Signed in as alice');
      expect(login.status).toBe(0);
      expect((await stat(loginFile())).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(loginFile()))).mode & 0o777).toBe(0o700);
      const stored = JSON.parse(await readFile(loginFile(), 'utf8'));
      expect(stored).toMatchObject({
        issuer: keycloak.current().issuer,
        client_id: 'change-ledger-cli',
      });
      // The token never reaches the terminal.
      expect(login.stderr()).not.toContain(stored.access_token);

      const me = await request(api.app.getHttpServer())
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${stored.access_token}`)
        .expect(200);
      expect(me.body).toMatchObject({
        principal: 'alice',
        roles: ['change-manager', 'engineering-manager'],
      });
      const catalogue = await runLedgerCli(['catalogue', '--json'], cliEnv());
      expect(catalogue).toMatchObject({ status: 0 });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refreshes an expired access token with the refresh token, and keeps the new one',
    async () => {
      const stored = JSON.parse(await readFile(loginFile(), 'utf8'));
      await writeFile(loginFile(), JSON.stringify({ ...stored, expires_at: Date.now() - 1000 }));
      const catalogue = await runLedgerCli(['catalogue', '--json'], cliEnv());
      expect(catalogue).toMatchObject({ status: 0 });
      const refreshed = JSON.parse(await readFile(loginFile(), 'utf8'));
      expect(refreshed.access_token).not.toBe(stored.access_token);
      expect(refreshed.expires_at).toBeGreaterThan(Date.now());
      expect((await stat(loginFile())).mode & 0o777).toBe(0o600);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'logs out: the file is gone, the refresh token revoked, and the commands ask for a sign-in',
    async () => {
      const { refresh_token } = JSON.parse(await readFile(loginFile(), 'utf8'));
      const logout = await runLedgerCli(['logout'], cliEnv());
      expect(logout).toMatchObject({ status: 0 });
      await expect(stat(loginFile())).rejects.toThrow(/ENOENT/);
      const refresh = await fetch(`${keycloak.current().issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: realm.clients.cli,
          refresh_token,
        }),
      });
      expect(refresh.status).toBe(400);
      const catalogue = await runLedgerCli(['catalogue'], cliEnv());
      expect(catalogue.status).not.toBe(0);
      expect(catalogue.stderr).toMatch(/ledger login/);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
