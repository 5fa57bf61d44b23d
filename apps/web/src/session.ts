/**
 * The credential the user signed in with, never in a URL, a cookie or the server:
 * - a pasted token: in memory, and in this tab's sessionStorage only if they asked to stay
 *   signed in across reloads;
 * - a sign-in through the identity provider (oidc.ts): the access and refresh tokens in memory
 *   and this tab's sessionStorage (a reload, and the provider's redirect, keep the tab signed
 *   in; another tab or a closed one does not).
 */
const KEY = 'change-ledger.token';
const PROVIDER_KEY = 'change-ledger.provider-session';
let token: string | null = null;
let provider: ProviderSession | null = null;

export interface ProviderSession {
  accessToken: string;
  refreshToken?: string;
  /** ms since the epoch; undefined: the provider did not say. */
  expiresAt?: number;
  /** Who signed in, as the ID token names them (the API's /me says who they act as). */
  name?: string;
}

export function currentToken(): string | null {
  return providerSession()?.accessToken ?? token ?? sessionStorage.getItem(KEY);
}

export function providerSession(): ProviderSession | null {
  if (provider) return provider;
  const kept = sessionStorage.getItem(PROVIDER_KEY);
  provider = kept ? (JSON.parse(kept) as ProviderSession) : null;
  return provider;
}

export function signIn(value: string, remember: boolean): void {
  signOut();
  token = value;
  if (remember) sessionStorage.setItem(KEY, value);
}

export function signInWithProvider(session: ProviderSession): void {
  token = null;
  sessionStorage.removeItem(KEY);
  provider = session;
  sessionStorage.setItem(PROVIDER_KEY, JSON.stringify(session));
}

export function signOut(): void {
  token = null;
  provider = null;
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(PROVIDER_KEY);
}
