import { systemMatches } from './standard-change-fit';

describe('StandardChangeTemplate', () => {
  describe('when an affected system is matched against a template', () => {
    it.each([
      ['payments-*', 'payments-api', true],
      ['payments-*', 'Payments-API', true],
      ['payments-*', 'payments', false],
      ['payments-*', 'core-payments-api', false],
      ['*', 'anything', true],
      ['admin-ui', 'admin-ui', true],
      ['admin-ui', 'admin-ui-2', false],
      ['a.b', 'axb', false],
      ['*-gateway', 'edge-gateway', true],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'axxbyyc', true],
      ['a*b*c', 'acb', false],
      ['ab*ba', 'aba', false],
      ['**', '', true],
    ])('%s covers %s: %s', (pattern, system, covered) => {
      expect(systemMatches(pattern, system)).toBe(covered);
    });

    it('answers a pattern built to backtrack without backtracking', () => {
      // 25 stars against 5,000 a's: a `.*`-per-star regex takes minutes here.
      const pattern = `${'*a'.repeat(25)}*b`;
      expect(systemMatches(pattern, 'a'.repeat(5_000))).toBe(false);
    });
  });
});
