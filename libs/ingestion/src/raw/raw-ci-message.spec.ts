import { createHash } from 'node:crypto';
import { rawCiMessage } from './raw-ci-message';

/** A message's bytes come back from what is kept, exactly, whichever way they were kept. */
function bytesOf(kept: { body: string; encoding: 'utf8' | 'base64' }): Buffer {
  return Buffer.from(kept.body, kept.encoding);
}

describe('rawCiMessage', () => {
  it('keeps a UTF-8 body as text, addressed by the SHA-256 of its bytes', () => {
    const body = Buffer.from('{"id":"run-1","note":"déploiement ✓ 🚀"}', 'utf8');
    const kept = rawCiMessage({ 'content-type': 'application/json' }, body);
    expect(kept).toMatchObject({ encoding: 'utf8', body: body.toString('utf8') });
    expect(kept.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(kept.headers).toEqual({ 'content-type': 'application/json' });
  });

  it.each([
    ['an invalid byte', Buffer.from([0x7b, 0xff, 0x7d])],
    ['an overlong encoding of "/"', Buffer.from([0x7b, 0xc0, 0xaf, 0x7d])],
    ['a UTF-16 surrogate encoded as UTF-8', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['a truncated sequence', Buffer.from([0x22, 0xe2, 0x82])],
    ['a NUL, which jsonb cannot hold', Buffer.from('{"a":"\u0000"}', 'utf8')],
  ])('keeps a body with %s as base64, byte for byte', (_, body) => {
    const kept = rawCiMessage({}, body);
    expect(kept.encoding).toBe('base64');
    expect(bytesOf(kept).equals(body)).toBe(true);
  });

  it('keeps a header that is not UTF-8 as base64, and says so', () => {
    const kept = rawCiMessage(
      { 'ce-id': Buffer.from([0xff, 0x41]), 'ce-source': [Buffer.from('a'), 'b'] },
      Buffer.from('{}'),
    );
    expect(kept.base64Headers).toEqual(['ce-id']);
    expect(Buffer.from(kept.headers['ce-id']!, 'base64')).toEqual(Buffer.from([0xff, 0x41]));
    expect(kept.headers['ce-source']).toBe('a, b');
  });
});
