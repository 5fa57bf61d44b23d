import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCiEventError } from '@change-ledger/domain';

const badSignature = (reason: string) =>
  new InvalidCiEventError('INGESTION.BAD_SIGNATURE', [reason]);

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the secret>`. */
export function verifyGitHubSignature(body: Buffer, header: string | undefined, secret: string) {
  if (!header?.startsWith('sha256=')) {
    throw badSignature('x-hub-signature-256: missing or not sha256=<hex>');
  }
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badSignature('x-hub-signature-256: does not match the body and the configured secret');
  }
}

/** GitLab: `X-Gitlab-Token` equals the configured secret token (compared in constant time). */
export function verifyGitLabToken(header: string | undefined, token: string) {
  const given = Buffer.from(header ?? '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badSignature('x-gitlab-token: missing or not the configured token');
  }
}
