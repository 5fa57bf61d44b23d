import { type AuditSampleDrawn } from '@change-ledger/domain';
import { type Period } from '@change-ledger/read-models';
import {
  buildPopulation,
  populationCsv,
  type Population,
  type PopulationMember,
  type PopulationTotals,
} from '../population/population';
import { type PopulationQuery } from '../population/population.query';
import { jsonAroundLastArray, nestedJson } from './bundle-format';
import { type FilePart } from './bundle-archive';
import { SpillFile } from './spill-file';

/** A member whose evidence goes into the bundle: a change request, or an unauthorized deployment. */
export type ExportedMember =
  | { kind: 'change_request'; id: string }
  | { kind: 'unauthorized_deployment'; id: string; fact: { source: string; id: string } };

export interface PopulationFiles {
  json: FilePart[];
  csv: FilePart[];
  /** The members to export (the sample's, or all), one JSON line each, in population order. */
  members: SpillFile;
  exported: number;
  /** The most members one page held. */
  largestPage: number;
}

/**
 * population.json, population.csv and the list of members to export, written from the population
 * read a page at a time: each page's members are appended to spill files as they come and its
 * totals added up (every total is a count over members, so the sum of the pages' is the whole's),
 * and population.json's head, which holds the totals, is composed last. The bytes are those of
 * `JSON.stringify(population, null, 2)` and `populationCsv(population)` of the whole population.
 */
export async function writePopulationFiles(
  populations: PopulationQuery,
  request: { period: Period; asOf?: Date; sample?: AuditSampleDrawn },
  dir: string,
  pageSize: number,
): Promise<PopulationFiles> {
  const selected = request.sample
    ? new Set(request.sample.strata.flatMap((stratum) => stratum.selected.map(({ id }) => id)))
    : undefined;
  const json = new SpillFile(dir, 'population-members');
  const csv = new SpillFile(dir, 'population.csv');
  const members = new SpillFile(dir, 'members-to-export');
  let totals: PopulationTotals | undefined;
  let written = 0;
  let exported = 0;
  let largestPage = 0;
  for await (const page of populations.pages(request.period, request.asOf, pageSize)) {
    largestPage = Math.max(largestPage, page.members.length);
    totals = totals ? addTotals(totals, page.totals) : page.totals;
    if (page.members.length === 0) continue;
    // csv-stringify's header only once: the pages' rows then join into the whole's CSV.
    await csv.write(written === 0 ? populationCsv(page) : withoutHeader(populationCsv(page)));
    for (const member of page.members) {
      await json.write(`${written === 0 ? '' : ',\n'}${nestedJson(member, 2)}`);
      written += 1;
      if (selected && !selected.has(member.id)) continue;
      await members.write(`${JSON.stringify(exportedMember(member))}\n`);
      exported += 1;
    }
  }
  await Promise.all([json.close(), csv.close(), members.close()]);
  const whole: Population = {
    from: request.period.from.toISOString(),
    to: request.period.to.toISOString(),
    as_of: request.asOf?.toISOString() ?? null,
    totals: totals ?? buildPopulation(request.period, null, [], []).totals,
    members: [],
  };
  const text = jsonAroundLastArray(whole);
  return {
    json: written === 0 ? [text.empty] : [text.head, json, text.tail],
    csv: written > 0 ? [csv] : [populationCsv(whole)],
    members,
    exported,
    largestPage,
  };
}

function addTotals(a: PopulationTotals, b: PopulationTotals): PopulationTotals {
  const sum = { ...a };
  for (const key of Object.keys(b) as Array<keyof PopulationTotals>) sum[key] += b[key];
  return sum;
}

function withoutHeader(csv: string): string {
  return csv.slice(csv.indexOf('\n') + 1);
}

function exportedMember(member: PopulationMember): ExportedMember {
  return member.kind === 'change_request'
    ? { kind: 'change_request', id: member.id }
    : {
        kind: 'unauthorized_deployment',
        id: member.id,
        fact: { source: member.source!, id: member.id.slice(`ci:${member.source}#`.length) },
      };
}
