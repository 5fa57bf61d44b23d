import * as oauth from 'oauth4webapi';
import { signInWithProvider, signOut, type ProviderSession, providerSession } from './session';

/**
 * Single sign-on for the page (issue 28): OpenID Connect authorization code with PKCE, by
 * oauth4webapi (the certified, dependency-free OAuth 2 / OIDC library for browsers, by the
 * author of openid-client, which the CLI uses). The page is a public client: no secret, PKCE
 * binds the code to this tab. The tokens live in memory and this tab's sessionStorage, never in a
 * URL: the provider's answer (`?code=…&state=…`) is taken off the address bar before anything
 * else runs, and the code is spent once.
 */
export interface SignInConfig {
  issuer: string;
  client_id: string;
  scope: string;
}

/** What the redirect must carry back: kept in this tab only, for the one round trip. */
const PENDING = 'change-ledger.oidc-pending';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

let config: SignInConfig | null | undefined;
let server: oauth.AuthorizationServer | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/** The provider the API names in /sign-in.json, or null when the page signs in by token only. */
export async function signInConfig(): Promise<SignInConfig | null> {
  if (config !== undefined) return config;
  const response = await fetch('/sign-in.json', { cache: 'no-store' });
  config = response.ok ? ((await response.json()) as { oidc: SignInConfig | null }).oidc : null;
  return config;
}

/** The page's own address, without query or hash: where the provider sends the person back. */
function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

/** Plain http is for a provider on this machine only (a test or a local Keycloak). */
function requestOptions(issuer: URL) {
  const local =
    issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  return local ? { [oauth.allowInsecureRequests]: true } : {};
}

async function authorizationServer(settings: SignInConfig): Promise<oauth.AuthorizationServer> {
  if (server) return server;
  const issuer = new URL(settings.issuer);
  const response = await oauth.discoveryRequest(issuer, {
    algorithm: 'oidc',
    ...requestOptions(issuer),
  });
  server = await oauth.processDiscoveryResponse(issuer, response);
  return server;
}

/** Off to the provider's sign-in page; it comes back to this page with a code. */
export async function startSignIn(settings: SignInConfig): Promise<void> {
  const as = await authorizationServer(settings);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(
    PENDING,
    JSON.stringify({ codeVerifier, state, nonce, hash: location.hash }),
  );
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', settings.client_id);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  location.assign(url.href);
}

/**
 * Back from the provider: the code exchanged for tokens (PKCE verifier, state and nonce checked),
 * the address bar cleaned first. Returns an error to show, or undefined (signed in, or nothing
 * to finish).
 */
export async function finishSignIn(): Promise<string | undefined> {
  const current = new URL(location.href);
  if (!current.searchParams.has('state')) return undefined;
  // The code and state leave the address bar (and the history entry) before anything else.
  history.replaceState(null, '', `${redirectUri()}${location.hash}`);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    codeVerifier: string;
    state: string;
    nonce: string;
    hash: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  const settings = await signInConfig();
  if (!pending || !settings) return 'That sign-in was not started here. Sign in again.';
  try {
    const as = await authorizationServer(settings);
    const client: oauth.Client = { client_id: settings.client_id };
    const params = oauth.validateAuthResponse(as, client, current, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirectUri(),
      pending.codeVerifier,
      requestOptions(new URL(settings.issuer)),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    keep(tokens, claims?.preferred_username ?? claims?.email ?? claims?.sub);
    if (pending.hash) history.replaceState(null, '', `${redirectUri()}${pending.hash}`);
    return undefined;
  } catch (error) {
    return `The sign-in did not complete: ${describe(error)}`;
  }
}

function keep(
  tokens: oauth.TokenEndpointResponse,
  name: unknown,
  previous?: ProviderSession,
): void {
  const session: ProviderSession = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    expiresAt: tokens.expires_in !== undefined ? Date.now() + tokens.expires_in * 1000 : undefined,
    name: typeof name === 'string' ? name : previous?.name,
  };
  signInWithProvider(session);
  scheduleRefresh();
}

/**
 * Refreshes the access token shortly before it expires, while the tab is open; a refresh the
 * provider refuses signs the page out (the next request shows the sign-in).
 */
export function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  const session = providerSession();
  if (!session?.refreshToken || session.expiresAt === undefined) return;
  const due = Math.max(0, session.expiresAt - REFRESH_MARGIN_MS - Date.now());
  refreshTimer = setTimeout(() => void refreshNow(), due);
}

export async function refreshNow(): Promise<boolean> {
  const session = providerSession();
  const settings = await signInConfig();
  if (!session?.refreshToken || !settings) return false;
  try {
    const as = await authorizationServer(settings);
    const client: oauth.Client = { client_id: settings.client_id };
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      session.refreshToken,
      requestOptions(new URL(settings.issuer)),
    );
    keep(await oauth.processRefreshTokenResponse(as, client, response), undefined, session);
    return true;
  } catch {
    signOut();
    return false;
  }
}

/**
 * Signs out here and at the provider (RP-initiated logout), which sends the person back to this
 * page; a provider without an end-session endpoint is only left here. No `id_token_hint`: a
 * token goes in no URL, so the provider may ask the person to confirm.
 */
export async function signOutEverywhere(): Promise<void> {
  clearTimeout(refreshTimer);
  const session = providerSession();
  signOut();
  const settings = await signInConfig().catch(() => null);
  if (!session || !settings) return;
  const as = await authorizationServer(settings).catch(() => undefined);
  if (!as?.end_session_endpoint) return;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', settings.client_id);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  location.assign(url.href);
}

function describe(error: unknown): string {
  if (error instanceof oauth.ResponseBodyError)
    return `${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  if (error instanceof oauth.AuthorizationResponseError)
    return `${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
