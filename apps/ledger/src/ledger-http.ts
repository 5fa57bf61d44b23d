/**
 * The CLI's one way to call the ledger's API. Node's fetch reports an unreachable server as
 * "fetch failed" and hides why in `cause`; a person at a terminal needs the URL it tried, the
 * reason, and what to change.
 */
export async function askLedger(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new Error(
      `cannot reach the ledger at ${new URL(url).origin} (${reasonOf(error)}): is its API running? Set --url or LEDGER_URL`,
    );
  }
}

/** The JSON of an answer, or an error saying what came back instead (a proxy's HTML page). */
export async function answerOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `the ledger at ${new URL(response.url).origin} answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
