/**
 * What PostgreSQL's jsonb and text refuse (U+0000, and a surrogate without its pair), found so it
 * can be escaped: an answer or a reason that echoes a client's bytes must still be storable, or its
 * key would stay claimed.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * An answer as JSON text. `JSON.stringify` writes U+0000 and lone surrogates as `\u` escapes, so
 * the text holds neither, and `JSON.parse` gives back exactly the answer Express sent (it sends
 * `JSON.stringify` of the same value).
 */
export function encodeAnswer(body: unknown): string {
  return JSON.stringify(body ?? null) ?? 'null';
}

/** The answer an `IdempotentResponseRecorded` holds, in either of its shapes. */
export function decodeAnswer(data: { bodyJson?: string; body?: unknown }): unknown {
  return typeof data.bodyJson === 'string' ? JSON.parse(data.bodyJson) : (data.body ?? null);
}

/** Human text (a reason, a message) with what PostgreSQL refuses written as `\uXXXX`. */
export function storableText(text: string): string {
  return text.replace(
    UNSTORABLE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
