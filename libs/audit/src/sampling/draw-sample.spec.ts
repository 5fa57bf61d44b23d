import { type PopulationMember } from '../population/population';
import { drawSample, populationDigest, sampleRank } from './draw-sample';

const member = (id: string, flags: Partial<PopulationMember> = {}): PopulationMember =>
  ({ id, emergency: false, unauthorized: false, ...flags }) as PopulationMember;

describe('drawSample', () => {
  const population = [
    ...Array.from({ length: 20 }, (_, i) => member(`CHG-2026-${String(i + 1).padStart(3, '0')}`)),
    member('CHG-2026-101', { emergency: true }),
    member('CHG-2026-102', { emergency: true }),
    member('ci:github.com/acme#1', { unauthorized: true }),
  ];

  describe('when ranking a member', () => {
    it('is HMAC-SHA256(seed, id), as RFC 4231 test case 2 publishes it', () => {
      expect(sampleRank('Jefe', 'what do ya want for nothing?')).toBe(
        '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      );
    });
  });

  describe('when drawn twice with one seed', () => {
    it('gives the same sample whatever order the population is listed in', () => {
      const first = drawSample(population, 'q1', { size: 5 });
      const again = drawSample([...population].reverse(), 'q1', { size: 5 });
      expect(again).toEqual(first);
      expect(first[0]!.selected).toHaveLength(5);
      const ranks = first[0]!.selected.map((selected) => selected.rank);
      expect([...ranks].sort()).toEqual(ranks);
    });

    it('draws another sample with another seed', () => {
      expect(drawSample(population, 'q2', { size: 5 })).not.toEqual(
        drawSample(population, 'q1', { size: 5 }),
      );
    });
  });

  describe('when sizes are given per stratum', () => {
    it('draws each stratum from its own members, and all of a stratum smaller than its size', () => {
      const strata = drawSample(population, 'q1', {
        sizes: { normal: 3, emergency: 5, unauthorized: 1 },
      });
      expect(strata.map((stratum) => [stratum.stratum, stratum.populationSize])).toEqual([
        ['normal', 20],
        ['emergency', 2],
        ['unauthorized', 1],
      ]);
      expect(strata[1]!.selected.map((selected) => selected.id).sort()).toEqual([
        'CHG-2026-101',
        'CHG-2026-102',
      ]);
      expect(strata[0]!.selected.every((selected) => selected.id < 'CHG-2026-1')).toBe(true);
    });
  });

  describe('when the population is digested', () => {
    it('names the same set of ids in any order', () => {
      expect(populationDigest([...population].reverse())).toBe(populationDigest(population));
      expect(populationDigest(population.slice(1))).not.toBe(populationDigest(population));
    });
  });
});
