import { type ChangeRequest } from '@change-ledger/domain';
import {
  changeLogEntry,
  closedIn,
  deployedIn,
  doraMetrics,
  factsOf,
  keyMetrics,
  type Period,
  type UnauthorizedChange,
} from '@change-ledger/read-models';
import { stringify } from 'csv-stringify/sync';
import { byCodePoint, byCodeUnit } from '../code-unit-order';

/**
 * The population an auditor tests (SOC 2 CC8.1, ISO 27001 A.8.32): every change that reached
 * production in the period — deployed in it, or deployed earlier and closed (completed, failed,
 * rolled back) in it — and every production deployment no approved change covered. Membership
 * and totals use report-definitions' predicates and formulas, so they tie out to the change log
 * and the metrics by construction.
 */
export interface PopulationMember {
  id: string;
  kind: 'change_request' | 'unauthorized_deployment';
  title: string | null;
  category: string | null;
  priority: string | null;
  change_type: string | null;
  emergency: boolean;
  unauthorized: boolean;
  requester: string | null;
  approvers: string[];
  status: string | null;
  /** The change log's outcome (SOC-CHANGE-LOG); null for an unauthorized deployment. */
  outcome: string | null;
  deployed_at: string | null;
  closed_at: string | null;
  /** On the change log of this period (deployed in it). */
  in_change_log: boolean;
  incidents: string[];
  /** Unauthorized deployments: why no approved change covered it, and what reported it. */
  reason: string | null;
  source: string | null;
}

export interface PopulationTotals {
  members: number;
  change_requests: number;
  /** = the change log's entries = DORA's deployments = the rollback rate's sample. */
  deployed: number;
  /** Deployed before the period, closed in it. */
  closed_only: number;
  emergency: number;
  rolled_back: number;
  /** = the change success rate's sample. */
  with_outcome: number;
  /** = the average implementation time's sample. */
  completed_in_period: number;
  /** = the metrics' unauthorized_changes.count. */
  unauthorized: number;
}

export interface Population {
  from: string;
  to: string;
  /** The instant the population was taken as of (null: the read models' current state). */
  as_of: string | null;
  totals: PopulationTotals;
  members: PopulationMember[];
}

/** The id of an unauthorized deployment in the population: its CI fact's (source, id). */
export function unauthorizedMemberId(change: Pick<UnauthorizedChange, 'source' | 'event_id'>) {
  return `ci:${change.source}#${change.event_id}`;
}

export function buildPopulation(
  period: Period,
  asOf: Date | null,
  states: readonly ChangeRequest[],
  unauthorized: readonly UnauthorizedChange[],
): Population {
  const changes = states
    .map((state) => ({ state, facts: factsOf(state) }))
    .filter(({ facts }) => deployedIn(facts, period) || closedIn(facts, period))
    .sort((a, b) => byCodeUnit(a.state.id, b.state.id));
  const facts = changes.map((change) => change.facts);
  const metric = (name: string) =>
    keyMetrics(period, facts).find((candidate) => candidate.metric === name)!;
  const members: PopulationMember[] = [
    ...changes.map(({ state, facts: fact }): PopulationMember => {
      const deployed = deployedIn(fact, period);
      const entry = state.implementationStartedAt ? changeLogEntry(state) : null;
      return {
        id: state.id,
        kind: 'change_request',
        title: state.content.title,
        category: state.content.category,
        priority: state.content.priority,
        change_type: state.content.changeType,
        emergency: state.emergency !== null,
        unauthorized: false,
        requester: state.requesterId,
        approvers: state.approvals.map((approval) => approval.approverId),
        status: state.status,
        outcome: entry?.outcome ?? null,
        deployed_at: state.implementationStartedAt,
        closed_at: fact.rolledBackAt ?? fact.completedAt,
        in_change_log: deployed,
        incidents: entry?.incidents.map((incident) => incident.incident_id) ?? [],
        reason: null,
        source: null,
      };
    }),
    ...[...unauthorized]
      .sort((a, b) => byCodePoint(unauthorizedMemberId(a), unauthorizedMemberId(b)))
      .map((change): PopulationMember => ({
        id: unauthorizedMemberId(change),
        kind: 'unauthorized_deployment',
        title: change.service,
        category: null,
        priority: null,
        change_type: null,
        emergency: false,
        unauthorized: true,
        requester: change.actor,
        approvers: [],
        status: null,
        outcome: null,
        deployed_at: change.occurred_at,
        closed_at: null,
        in_change_log: false,
        incidents: [],
        reason: change.reason,
        source: change.source,
      })),
  ];
  const deployedCount = doraMetrics(period, facts).deployment_frequency.deployments;
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    as_of: asOf?.toISOString() ?? null,
    totals: {
      members: members.length,
      change_requests: changes.length,
      deployed: deployedCount,
      closed_only: changes.length - deployedCount,
      emergency: changes.filter(({ facts: fact }) => fact.emergency).length,
      rolled_back: changes.filter(({ facts: fact }) => fact.status === 'rolled_back').length,
      with_outcome: metric('change_success_rate').sample_size,
      completed_in_period: metric('average_implementation_time').sample_size,
      unauthorized: unauthorized.length,
    },
    members,
  };
}

const CSV_COLUMNS: (keyof PopulationMember)[] = [
  'id',
  'kind',
  'title',
  'category',
  'priority',
  'change_type',
  'emergency',
  'unauthorized',
  'requester',
  'approvers',
  'status',
  'outcome',
  'deployed_at',
  'closed_at',
  'in_change_log',
  'incidents',
  'reason',
  'source',
];

export function populationCsv(population: Population): string {
  return stringify(
    population.members.map((member) =>
      CSV_COLUMNS.map((column) => {
        const value = member[column];
        return Array.isArray(value)
          ? value.join('; ')
          : typeof value === 'boolean'
            ? value
              ? 'yes'
              : 'no'
            : value;
      }),
    ),
    { header: true, columns: CSV_COLUMNS },
  );
}
