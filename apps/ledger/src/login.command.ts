/**
 * `ledger login` and `ledger logout` (issue 28): a person signs the CLI in with their identity
 * provider by the OAuth 2.0 device authorization grant (RFC 8628) — the CLI prints a link and a
 * code, the person opens it in any browser and signs in there, the CLI polls until the provider
 * answers — and the CLI keeps the tokens in the user's config directory, readable by them alone.
 * The API calls use them when no --token or LEDGER_TOKEN is given; a service keeps its token.
 *
 * openid-client (v6, by the author of the certified node OIDC libraries) does discovery, the
 * device grant, polling with the provider's interval and slow_down, and refresh.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export interface LoginOptions {
  issuer: string;
  clientId: string;
  scope: string;
}

/** What `ledger login` keeps: the tokens and where to refresh them. */
interface StoredLogin {
  issuer: string;
  client_id: string;
  access_token: string;
  refresh_token?: string;
  /** When the access token expires (ms since the epoch); undefined: the provider did not say. */
  expires_at?: number;
}

/** Refresh this long before the access token expires: a request in flight should not outlive it. */
const REFRESH_MARGIN_MS = 30_000;

/** $XDG_CONFIG_HOME/change-ledger/login.json, else ~/.config/change-ledger/login.json. */
export function loginFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
  return path.join(base, 'change-ledger', 'login.json');
}

// openid-client is an ES module; this CommonJS build loads it with a real import().
type OpenIdClient = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
const openIdClient = (): Promise<OpenIdClient> => import('openid-client');

async function configurationFor(issuer: string, clientId: string) {
  const client = await openIdClient();
  const url = new URL(issuer);
  // Plain http only for a provider on this machine (a test or a local Keycloak).
  const local =
    url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return client.discovery(url, clientId, undefined, client.None(), {
    ...(local ? { execute: [client.allowInsecureRequests] } : {}),
  });
}

export async function runLogin(options: LoginOptions): Promise<number> {
  const client = await openIdClient();
  const config = await configurationFor(options.issuer, options.clientId);
  const device = await client.initiateDeviceAuthorization(config, { scope: options.scope });
  // On stderr: stdout stays for what scripts read.
  process.stderr.write(
    [
      `To sign in, open ${device.verification_uri} in a browser and enter the code ${device.user_code}`,
      ...(device.verification_uri_complete
        ? [`(or open ${device.verification_uri_complete}, which carries the code)`]
        : []),
      'Waiting for you to sign in…',
      '',
    ].join('\n'),
  );
  const tokens = await client
    .pollDeviceAuthorizationGrant(config, device)
    .catch((error: unknown) => {
      throw new Error(`the sign-in did not complete: ${providerSays(error)}`);
    });
  const login = storedLogin(options.issuer, options.clientId, tokens);
  await saveLogin(login);
  const claims = tokens.claims();
  const who = claims?.preferred_username ?? claims?.email ?? claims?.sub;
  process.stderr.write(
    `Signed in${who ? ` as ${String(who)}` : ''}; the token is kept in ${loginFile()}\n`,
  );
  return 0;
}

export async function runLogout(): Promise<number> {
  const login = await readLogin();
  if (!login) {
    process.stderr.write('Not signed in: nothing to forget.\n');
    return 0;
  }
  // The provider forgets the refresh token too, where it offers revocation; the local copy goes
  // whatever it answers (a person logging out of an unreachable provider still logs out here).
  try {
    const client = await openIdClient();
    const config = await configurationFor(login.issuer, login.client_id);
    if (login.refresh_token && config.serverMetadata().revocation_endpoint)
      await client.tokenRevocation(config, login.refresh_token);
  } catch (error) {
    process.stderr.write(
      `The provider did not confirm it revoked the refresh token (${error instanceof Error ? error.message : String(error)}); it expires on its own.\n`,
    );
  }
  await rm(loginFile(), { force: true });
  process.stderr.write(`Signed out: ${loginFile()} removed.\n`);
  return 0;
}

/**
 * The access token of the last `ledger login`, refreshed when it is about to expire; undefined
 * when nobody signed in. A refresh the provider refuses says to sign in again.
 */
export async function storedAccessToken(now = Date.now()): Promise<string | undefined> {
  const login = await readLogin();
  if (!login) return undefined;
  if (login.expires_at === undefined || login.expires_at - REFRESH_MARGIN_MS > now)
    return login.access_token;
  if (!login.refresh_token)
    throw new Error('the sign-in of `ledger login` has expired: run `ledger login` again');
  const client = await openIdClient();
  const config = await configurationFor(login.issuer, login.client_id);
  let tokens;
  try {
    tokens = await client.refreshTokenGrant(config, login.refresh_token);
  } catch (error) {
    throw new Error(
      `the sign-in of \`ledger login\` could not be refreshed (${providerSays(error)}): run \`ledger login\` again`,
    );
  }
  const refreshed = storedLogin(login.issuer, login.client_id, tokens, login.refresh_token);
  await saveLogin(refreshed);
  return refreshed.access_token;
}

/** The provider's own words (RFC 6749 `error`, `error_description`), not just "an error". */
function providerSays(error: unknown): string {
  const { error: code, error_description: description } = error as {
    error?: unknown;
    error_description?: unknown;
  };
  if (typeof code === 'string')
    return `the provider answered ${code}${typeof description === 'string' ? ` (${description})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function storedLogin(
  issuer: string,
  clientId: string,
  tokens: { access_token: string; refresh_token?: string; expiresIn(): number | undefined },
  previousRefreshToken?: string,
): StoredLogin {
  const expiresIn = tokens.expiresIn();
  const refreshToken = tokens.refresh_token ?? previousRefreshToken;
  return {
    issuer,
    client_id: clientId,
    access_token: tokens.access_token,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    ...(expiresIn !== undefined ? { expires_at: Date.now() + expiresIn * 1000 } : {}),
  };
}

async function readLogin(): Promise<StoredLogin | undefined> {
  let text: string;
  try {
    text = await readFile(loginFile(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const login = JSON.parse(text) as Partial<StoredLogin>;
  if (
    typeof login.issuer !== 'string' ||
    typeof login.client_id !== 'string' ||
    typeof login.access_token !== 'string'
  )
    throw new Error(`${loginFile()} is not a login this CLI wrote: run \`ledger login\` again`);
  return login as StoredLogin;
}

/** Written readable by the user alone (0600, its folder 0700), whatever the umask. */
async function saveLogin(login: StoredLogin): Promise<void> {
  const file = loginFile();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
