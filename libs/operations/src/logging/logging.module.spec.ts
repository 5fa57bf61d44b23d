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
});
