import {
  bindingsCover,
  normaliseCiSource,
  normaliseRepository,
  normaliseSourcePattern,
} from './ci-source';

const value = (raw: string) => {
  const normal = normaliseCiSource(raw);
  return normal.ok ? normal.value : `refused: ${normal.reason}`;
};

describe('CI sources', () => {
  describe('when normalised', () => {
    it.each([
      ['github.com/acme/payments', 'github.com/acme/payments'],
      ['https://github.com/acme/payments', 'github.com/acme/payments'],
      ['https://ci-bot:secret@GitHub.com/acme/payments/', 'github.com/acme/payments'],
      ['GitHub.COM/ACME/Payments', 'github.com/ACME/Payments'],
      ['github.com/acme/pay%20ments', 'github.com/acme/pay ments'],
      ['/event/source/123', '/event/source/123'],
      ['urn:uuid:6E8BC430-9C3A', 'urn:uuid:6e8bc430-9c3a'],
    ])('reads %s as %s', (raw, normal) => {
      expect(value(raw)).toBe(normal);
    });

    it.each([
      ['github.com/acme/../../gitlab.com/other/api', '. or ..'],
      ['github.com/acme/%2e%2e/gitlab.com', '. or ..'],
      ['github.com/acme/%2E%2E%2Fgitlab.com', '. or ..'],
      ['github.com/acme/%252e%252e/gitlab.com', 'more than once'],
      ['github.com/acme/./payments', '. or ..'],
      ['github.com//acme', 'empty segment'],
      ['github.com/acme\\..\\gitlab.com', 'backslash'],
      ['github.com/acme/%E0%A4%A', 'malformed'],
      ['github.com/acme/\u0000', 'control'],
      ['https:///acme', 'no host'],
      ['', 'empty'],
    ])('refuses %s, never resolving it (%s)', (raw, why) => {
      expect(value(raw)).toMatch(new RegExp(`^refused: .*${why.replace(/[.]/g, '\\.')}`));
    });

    it('reads a repository the ways Git writes it', () => {
      for (const raw of [
        'git@github.com:acme/payments.git',
        'https://github.com/acme/payments.git',
        'github.com/acme/payments',
      ]) {
        expect(normaliseRepository(raw)).toEqual({ ok: true, value: 'github.com/acme/payments' });
      }
    });
  });

  describe('when bound', () => {
    it('covers a source under a prefix, or the one source named, after normalising both', () => {
      expect(bindingsCover(['github.com/acme/*'], 'https://GitHub.com/acme/payments')).toBe(true);
      expect(bindingsCover(['https://github.com/acme/*'], 'github.com/acme/payments')).toBe(true);
      expect(bindingsCover(['github.com/acme/payments'], 'github.com/acme/payments/')).toBe(true);
      expect(bindingsCover(['github.com/acme/*'], 'github.com/acme')).toBe(false);
      expect(bindingsCover(['github.com/acme/*'], 'github.com/ACME/payments')).toBe(false);
      expect(bindingsCover(['github.com/acme/*'], 'github.com/acme-evil/payments')).toBe(false);
    });

    it('covers nothing that does not normalise, not even under *', () => {
      expect(
        bindingsCover(['github.com/acme/*'], 'github.com/acme/../../gitlab.com/other/api'),
      ).toBe(false);
      expect(bindingsCover(['*'], 'github.com/acme/../x')).toBe(false);
      expect(bindingsCover(['*'], 'github.com/acme/x')).toBe(true);
    });

    it('refuses a binding that is no source or prefix', () => {
      expect(normaliseSourcePattern('github.com/acme/../*').ok).toBe(false);
      expect(normaliseSourcePattern('github.com/*/payments').ok).toBe(false);
      expect(normaliseSourcePattern('github.com//*').ok).toBe(false);
      expect(normaliseSourcePattern('GitHub.com/acme/*')).toEqual({
        ok: true,
        pattern: { kind: 'prefix', prefix: 'github.com/acme/' },
      });
    });
  });
});
