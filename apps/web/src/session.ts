/**
 * The credential the user signed in with: kept in memory, and in this tab's sessionStorage only
 * if they asked to stay signed in across reloads. Never in a URL, a cookie or the server.
 */
const KEY = 'change-ledger.token';
let token: string | null = null;

export function currentToken(): string | null {
  return token ?? sessionStorage.getItem(KEY);
}

export function signIn(value: string, remember: boolean): void {
  token = value;
  if (remember) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

export function signOut(): void {
  token = null;
  sessionStorage.removeItem(KEY);
}
