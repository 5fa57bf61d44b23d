import { createHash, createHmac } from 'node:crypto';
import { type SampledStratum, SAMPLING_ALGORITHM, type SampleStratum } from '@change-ledger/domain';
import { byCodeUnit } from '../code-unit-order';
import { type PopulationMember } from '../population/population';

/** What an auditor asks for: one size over the whole population, or a size per stratum. */
export type SampleSizes = { size: number } | { sizes: Partial<Record<SampleStratum, number>> };

/** HMAC-SHA256(seed, id) in hex: the rank of SAMPLING_ALGORITHM (see its declaration). */
export function sampleRank(seed: string, id: string): string {
  return createHmac('sha256', Buffer.from(seed, 'utf8')).update(id, 'utf8').digest('hex');
}

export function strataOf(member: PopulationMember): SampleStratum[] {
  if (member.unauthorized) return ['all', 'unauthorized'];
  return ['all', member.emergency ? 'emergency' : 'normal'];
}

/**
 * Draws a sample reproducibly: the same seed over the same population gives the same sample,
 * whatever order the population is listed in (each member's rank depends on its id alone).
 */
export function drawSample(
  members: readonly PopulationMember[],
  seed: string,
  sizes: SampleSizes,
): SampledStratum[] {
  const requested: Array<[SampleStratum, number]> =
    'size' in sizes
      ? [['all', sizes.size]]
      : (Object.entries(sizes.sizes) as Array<[SampleStratum, number]>).filter(
          ([stratum]) => stratum !== 'all',
        );
  return requested.map(([stratum, size]) => {
    const ranked = members
      .filter((member) => strataOf(member).includes(stratum))
      .map((member) => ({ id: member.id, rank: sampleRank(seed, member.id) }))
      .sort((a, b) => byCodeUnit(a.rank, b.rank) || byCodeUnit(a.id, b.id));
    return {
      stratum,
      populationSize: ranked.length,
      requestedSize: size,
      selected: ranked.slice(0, size),
    };
  });
}

/** SHA-256 of the population's ids, sorted, one per line: names the population sampled. */
export function populationDigest(members: readonly PopulationMember[]): string {
  const ids = members.map((member) => member.id).sort();
  return createHash('sha256')
    .update(ids.map((id) => `${id}\n`).join(''), 'utf8')
    .digest('hex');
}

export { SAMPLING_ALGORITHM };
