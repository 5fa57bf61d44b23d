import { withoutCredentials } from './logging.module';

describe('withoutCredentials', () => {
  it.each([
    ['/a?access_token=x&status=draft', '/a?access_token=[redacted]&status=draft'],
    ['/a?ID_TOKEN=x', '/a?ID_TOKEN=[redacted]'],
    ['/a?api%5Fkey=x', '/a?api%5Fkey=[redacted]'],
    ['/a?code=x&state=y', '/a?code=[redacted]&state=y'],
    ['/a?password=x&secret=y&sig=z', '/a?password=[redacted]&secret=[redacted]&sig=[redacted]'],
  ])('%s is logged as %s', (url, logged) => {
    expect(withoutCredentials(url)).toBe(logged);
  });

  it('leaves a URL without credentials as it was, malformed escapes included', () => {
    for (const url of [
      '/a',
      '/a?',
      '/a?status=draft&from=2026-01-01',
      '/a?%E0%A4%A=1',
      '/a?flag',
    ]) {
      expect(withoutCredentials(url)).toBe(url);
    }
  });

  it('redacts a calendar feed token wherever it is in the URL, under any name or in the path', () => {
    const token = `clf_${'0'.repeat(32)}_${'A'.repeat(43)}`;
    expect(withoutCredentials(`/cal.ics?feed_token=${token}`)).toBe(
      '/cal.ics?feed_token=[redacted]',
    );
    expect(withoutCredentials(`/cal.ics?u=${token}&x=1`)).toBe('/cal.ics?u=[redacted]&x=1');
    expect(withoutCredentials(`/feeds/${token}/cal.ics`)).toBe('/feeds/[redacted]/cal.ics');
    expect(withoutCredentials(`/cal.ics?u=${encodeURIComponent(token)}`)).toBe(
      '/cal.ics?u=[redacted]',
    );
  });
});
