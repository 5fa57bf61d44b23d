import { type AuthenticatedActor, speaksForSource } from '@change-ledger/auth';
import {
  type ChangeRequest,
  type CiFact,
  normaliseCiSource,
  type Reach,
  reachOf,
  type SourceSystems,
} from '@change-ledger/domain';
import { CiReporterRefusedError, invalidCiEvent } from '@change-ledger/domain';

/** Who may report CI facts, from the policy's `ci_ingestion`. */
export interface CiReportingPolicy {
  /** The sources a person's own credential may report for. */
  peopleMayReport: readonly string[];
  /** Which systems' changes a source's facts may be recorded on (ci/ci-reach.ts). */
  sourceSystems: readonly SourceSystems[];
}

/**
 * Only a service bound to the fact's source may report it (DESIGN.md: attribution); a person
 * only for the sources the policy opens to people (e.g. manual deploys). A source that is no
 * normal source (`..`, `//`, an escape encoded twice) is refused before anything is matched.
 */
export function assertMayReport(
  actor: AuthenticatedActor,
  fact: CiFact,
  peopleMayReport: readonly string[],
): void {
  const normal = normaliseCiSource(fact.source);
  if (!normal.ok) throw invalidCiEvent(`source: ${JSON.stringify(fact.source)} ${normal.reason}`);
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

/** The bindings a reporter answers to: a service's own, a person's those the policy opens. */
function bindingsOf(actor: AuthenticatedActor, policy: CiReportingPolicy): readonly string[] {
  return actor.kind === 'service' ? (actor.ciSources ?? []) : policy.peopleMayReport;
}

/** Whether this reporter's fact may be recorded on this change request (ADR 0024). */
export function reaches(
  actor: AuthenticatedActor,
  fact: CiFact,
  change: ChangeRequest,
  policy: CiReportingPolicy,
): boolean {
  return reachFor(actor, fact, change, policy).reaches;
}

/** Refuses a fact on a change request out of its reporter's reach: nothing of it is recorded. */
export function assertReaches(
  actor: AuthenticatedActor,
  fact: CiFact,
  change: ChangeRequest,
  policy: CiReportingPolicy,
): void {
  const reach = reachFor(actor, fact, change, policy);
  if (reach.reaches) return;
  throw new CiReporterRefusedError(
    'INGESTION.CHANGE_NOT_IN_SCOPE',
    `${actor.id} may not record facts of ${fact.source} on ${change.id}: ${reach.why}`,
    {
      actor: actor.id,
      source: fact.source,
      changeRequestId: change.id,
      repository: change.content.links.repository ?? null,
      boundTo: [...bindingsOf(actor, policy)],
    },
  );
}

function reachFor(
  actor: AuthenticatedActor,
  fact: CiFact,
  change: ChangeRequest,
  policy: CiReportingPolicy,
): Reach {
  const { links, affectedSystems } = change.content;
  return reachOf(
    bindingsOf(actor, policy),
    fact.source,
    { id: change.id, links, affectedSystems },
    policy.sourceSystems,
  );
}
