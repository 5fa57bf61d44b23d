import { currentToken } from './session';

/**
 * The public API, called with the signed-in user's bearer token: the page sees exactly what that
 * role may read and can do exactly what it may do.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

export const CHANGE_MANAGEMENT = '/api/v1/change-management';

type Query = Record<string, string | number | undefined | null>;

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function call(method: string, path: string, query?: Query, body?: unknown) {
  const token = currentToken();
  const response = await fetch(url(path, query), {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      Accept: 'application/json, text/plain',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      title?: string;
      detail?: string;
    };
    throw new ApiError(
      response.status,
      problem.title ?? response.statusText,
      problem.detail ?? 'the request failed',
    );
  }
  return response;
}

export async function getJson<T>(path: string, query?: Query): Promise<T> {
  return (await (await call('GET', path, query)).json()) as T;
}

export async function getText(
  path: string,
  query?: Query,
): Promise<{ text: string; lastModified: string | null }> {
  const response = await call('GET', path, query);
  return { text: await response.text(), lastModified: response.headers.get('Last-Modified') };
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return (await (await call('POST', path, undefined, body)).json()) as T;
}
