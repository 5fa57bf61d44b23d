import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { type RawCiMessage } from '@change-ledger/domain';

/** A header as a transport hands it over: text, bytes, or several of either. */
export type RawHeaderValue = string | Buffer | ReadonlyArray<string | Buffer> | undefined;

/**
 * The HTTP headers that belong to a CI message, and so are kept with it: the CloudEvents binding's
 * `ce-*` attributes, the content type, and what a webhook says of its delivery (its event, id and
 * signature, which lets an auditor who holds the secret check it). Never `authorization`, a
 * cookie or GitLab's `x-gitlab-token`: credentials are not evidence, and are never stored.
 */
const HTTP_MESSAGE_HEADER =
  /^(content-type|ce-[a-z0-9]+|x-github-(event|delivery|hook-id|hook-installation-target-(id|type))|x-hub-signature-256|x-gitlab-(event|event-uuid|instance|webhook-uuid))$/;

export function isHttpMessageHeader(name: string): boolean {
  return HTTP_MESSAGE_HEADER.test(name.toLowerCase());
}

/**
 * A message as received, to keep beside what was read of it (ADR 0025): the body's bytes as
 * text when they are UTF-8 that JSON can hold (a JSON event always is), else base64; the headers
 * `keep` takes, in the same way. Addressed by the SHA-256 of the body.
 */
export function rawCiMessage(
  headers: Readonly<Record<string, RawHeaderValue>>,
  body: Buffer,
  keep: (name: string) => boolean = () => true,
): RawCiMessage {
  const kept: Record<string, string> = {};
  const base64Headers: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !keep(name)) continue;
    const values = (Array.isArray(value) ? value : [value]) as ReadonlyArray<string | Buffer>;
    const bytes = Buffer.concat(
      values.map((one, index) =>
        Buffer.concat([
          index > 0 ? Buffer.from(', ') : Buffer.alloc(0),
          Buffer.isBuffer(one) ? one : Buffer.from(one, 'utf8'),
        ]),
      ),
    );
    const text = asText(bytes);
    if (text === null) base64Headers.push(name);
    kept[name] = text ?? bytes.toString('base64');
  }
  const text = asText(body);
  return {
    sha256: createHash('sha256').update(body).digest('hex'),
    headers: kept,
    ...(base64Headers.length > 0 ? { base64Headers } : {}),
    body: text ?? body.toString('base64'),
    encoding: text === null ? 'base64' : 'utf8',
  };
}

/**
 * The bytes as text, when they are valid UTF-8 (so decode and encode back unchanged) and hold no
 * NUL (jsonb cannot). Checked on the bytes, without encoding the text again: a body is kept for
 * every message ingested.
 */
function asText(bytes: Buffer): string | null {
  return bytes.indexOf(0) === -1 && isUtf8(bytes) ? bytes.toString('utf8') : null;
}
