import { type AuthenticatedActor, speaksForSource } from '@change-ledger/auth';
import { type CiFact } from '@change-ledger/domain';
import { CiReporterRefusedError } from '../ingestion.errors';

/**
 * Only a service bound to the fact's source may report it (DESIGN.md: attribution); a person
 * only for the sources the policy opens to people (e.g. manual deploys).
 */
export function assertMayReport(
  actor: AuthenticatedActor,
  fact: CiFact,
  peopleMayReport: readonly string[],
): void {
  if (actor.kind !== 'service') {
    if (speaksForSource({ ...actor, ciSources: [...peopleMayReport] }, fact.source)) return;
    throw new CiReporterRefusedError(
      'INGESTION.NOT_A_CI_PRINCIPAL',
      `${actor.id} is a person; CI facts of ${fact.source} are reported by a CI service credential bound to it (the policy's ci_ingestion.people_may_report opens sources to people)`,
      { actor: actor.id, source: fact.source },
    );
  }
  if (!speaksForSource(actor, fact.source)) {
    throw new CiReporterRefusedError(
      'INGESTION.SOURCE_NOT_BOUND',
      `${actor.id} may not report facts of source ${fact.source}`,
      { actor: actor.id, source: fact.source, boundTo: actor.ciSources ?? [] },
    );
  }
}
