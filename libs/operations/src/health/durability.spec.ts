import { type DurabilityFacts, durabilityWarnings } from './durability';

const primary: DurabilityFacts = {
  standby: false,
  replicas: 0,
  synchronousStandbyNames: '',
  synchronousCommit: 'on',
};

describe('durabilityWarnings', () => {
  it('says nothing of a single server, or of replicas kept in step', () => {
    expect(durabilityWarnings(primary)).toEqual([]);
    expect(
      durabilityWarnings({ ...primary, replicas: 2, synchronousStandbyNames: '"pg1"' }),
    ).toEqual([]);
  });

  it('warns of replicas a failover could promote without the last acknowledged writes', () => {
    expect(durabilityWarnings({ ...primary, replicas: 2 })).toEqual([
      expect.stringMatching(/streams to 2 replica\(s\) asynchronously: a failover .* lose writes/),
    ]);
    expect(
      durabilityWarnings({
        ...primary,
        replicas: 1,
        synchronousStandbyNames: 'pg1',
        synchronousCommit: 'local',
      }),
    ).toEqual([
      expect.stringMatching(/synchronous_commit = local: commits are acknowledged before/),
    ]);
  });

  it('warns of a standby, which refuses every write', () => {
    expect(durabilityWarnings({ ...primary, standby: true })).toEqual([
      expect.stringMatching(/reaches a standby \(read-only\)/),
    ]);
  });
});
