import { type CiFact } from './ci-fact';
import { deploysToProduction, judgeUnlinkedFact } from './unlinked-deployment';

const WHY = 'no change request registered its commit, pull request or artifact';
const fact = (kind: CiFact['kind'], environment: string | null) => ({ kind, environment });

describe('An unlinked CI fact', () => {
  describe('when it is a deployment or a removal in production', () => {
    it.each([
      ['deployment', 'production'],
      ['deployment', 'prod'],
      ['removal', ' Production '],
    ] as const)('a %s to %j is unauthorized, saying why no change covers it', (kind, env) => {
      expect(judgeUnlinkedFact(fact(kind, env), WHY)).toEqual({
        reason: `no change request covers it (${WHY})`,
      });
    });
  });

  describe('when it happens elsewhere, or is not a deployment', () => {
    it.each([
      ['deployment', 'staging'],
      ['deployment', null],
      ['removal', 'production-eu'],
      ['rollback', 'production'],
      ['test_run', 'production'],
      ['incident', 'production'],
    ] as const)('a %s in %j is only unlinked', (kind, env) => {
      expect(judgeUnlinkedFact(fact(kind, env), WHY)).toBeNull();
    });
  });
});

describe('deploysToProduction', () => {
  it('holds for deployments and removals in production alone', () => {
    expect(deploysToProduction(fact('deployment', 'PROD'))).toBe(true);
    expect(deploysToProduction(fact('removal', 'production'))).toBe(true);
    expect(deploysToProduction(fact('rollback', 'production'))).toBe(false);
    expect(deploysToProduction(fact('deployment', 'staging'))).toBe(false);
  });
});
