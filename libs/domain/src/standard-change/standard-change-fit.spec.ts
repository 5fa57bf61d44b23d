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
    ])('%s covers %s: %s', (pattern, system, covered) => {
      expect(systemMatches(pattern, system)).toBe(covered);
    });
  });
});
