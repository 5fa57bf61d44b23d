import { reachOf } from './ci-reach';

const acmeChange = {
  id: 'CHG-2026-001',
  links: { repository: 'https://github.com/acme/payments' },
  affectedSystems: ['payments'],
};
const unregistered = { id: 'CHG-2026-002', links: {}, affectedSystems: ['billing'] };
const mapping = [{ sources: ['gitlab.com/other/billing/*'], systems: ['billing'] }];

describe('A CI credential’s reach', () => {
  it('reaches a change whose repository holds the fact’s source', () => {
    expect(
      reachOf(['github.com/acme/payments/*'], 'github.com/acme/payments/actions', acmeChange, []),
    ).toEqual({ reaches: true, by: 'repository' });
  });

  it('reaches a change whose repository one of its bindings covers, whatever repository the source names', () => {
    expect(reachOf(['github.com/acme/*'], 'github.com/acme/deployer', acmeChange, [])).toEqual({
      reaches: true,
      by: 'repository',
    });
  });

  it('does not reach another organisation’s change by naming it', () => {
    const reach = reachOf(['gitlab.com/other/*'], 'gitlab.com/other/api', acmeChange, mapping);
    expect(reach).toMatchObject({ reaches: false });
    expect(reach.reaches || reach.why).toMatch(
      /registers the repository github.com\/acme\/payments/,
    );
  });

  it('reaches a change with no repository only through the policy’s mapping of sources to systems', () => {
    expect(
      reachOf(['gitlab.com/other/*'], 'gitlab.com/other/billing/ci', unregistered, mapping),
    ).toEqual({ reaches: true, by: 'source_systems' });
    expect(
      reachOf(['gitlab.com/other/*'], 'gitlab.com/other/api', unregistered, mapping),
    ).toMatchObject({ reaches: false, why: expect.stringMatching(/registers no repository/) });
    expect(
      reachOf(['manual/*'], 'manual/checklist', unregistered, [
        { sources: ['manual/*'], systems: ['*'] },
      ]),
    ).toEqual({ reaches: true, by: 'source_systems' });
  });

  it('reaches every change when bound to every source (a webhook secret, an unrestricted topic)', () => {
    expect(reachOf(['*'], 'gitlab.com/other/api', acmeChange, [])).toEqual({
      reaches: true,
      by: 'every_source',
    });
  });

  it('is not fooled by a repository or source spelled around a binding', () => {
    expect(
      reachOf(
        ['github.com/acme/*'],
        'github.com/acme/payments',
        { ...acmeChange, links: { repository: 'github.com/acme/../../gitlab.com/other/api' } },
        [],
      ),
    ).toMatchObject({ reaches: false });
    expect(
      reachOf(
        ['github.com/acme/payments-evil/*'],
        'github.com/acme/payments-evil/ci',
        acmeChange,
        [],
      ),
    ).toMatchObject({ reaches: false });
  });
});
