import { CHANGE_MANAGEMENT, getJson } from '../api-client';
import {
  type Deployment,
  type DeploymentsAnswer,
  type EmergencyChange,
  type EmergencyReportAnswer,
  type IncidentsAnswer,
  type UnauthorizedChangesAnswer,
} from '../api-types';
import { badge, changeLink, h, section, table } from '../dom';
import { filterForm, type Filters } from '../filters';
import { formatTime, periodOfMonths, relativeTime } from '../format';

/**
 * Production as it happened: deployments (authorized or not), changes no approval covered,
 * incidents and their reviews, and the emergency changes' 24-hour and 5-business-day clocks.
 */
export async function deploymentsView(filters: Filters): Promise<HTMLElement[]> {
  const now = new Date();
  const period = periodOfMonths(filters.from, filters.to);
  const [deployments, unauthorized, incidents, emergency] = await Promise.all([
    getJson<DeploymentsAnswer>(`${CHANGE_MANAGEMENT}/deployments`, period),
    getJson<UnauthorizedChangesAnswer>(`${CHANGE_MANAGEMENT}/unauthorized-changes`, period),
    getJson<IncidentsAnswer>(`${CHANGE_MANAGEMENT}/incidents`),
    Promise.all(
      quartersOf(filters.from, filters.to).map((quarter) =>
        getJson<EmergencyReportAnswer>(`${CHANGE_MANAGEMENT}/reports/emergency`, { quarter }),
      ),
    ),
  ]);
  const system = filters.system;
  const unauthorizedRows = unauthorized.unauthorized_changes.filter(
    (change) => !system || change.service === system,
  );
  return [
    filterForm(
      'deployments',
      filters,
      'The period applies here; deployments, incidents and CI reports are not filed by category or priority (open a change for those).',
    ),
    section(
      'Production deployments',
      table(
        'Production deployments in the period, newest first',
        ['Change', 'Title', 'Deployed', 'By', 'Outcome', 'Authorized'],
        deployments.deployments.map((deployment) => [
          changeLink(deployment.change_request_id),
          deployment.title,
          formatTime(deployment.deployed_at),
          deployment.deployed_by,
          h(
            'span',
            {},
            deployment.outcome.replace(/_/g, ' '),
            deployment.outcome === 'rolled_back' ? badge('rollback', 'bad') : null,
          ),
          authorization(deployment),
        ]),
        'none in this period',
      ),
    ),
    section(
      'Unauthorized changes',
      table(
        'Production changes no approved change request covered (target: none)',
        ['When', 'Service', 'Reported by', 'Change named', 'Gates failed', 'Why'],
        unauthorizedRows.map((change) => [
          formatTime(change.occurred_at),
          change.service ?? '—',
          change.actor ?? '—',
          change.change_request_id ? changeLink(change.change_request_id) : 'none',
          change.failed_gates.join(', ').replace(/_/g, ' ') || '—',
          change.reason,
        ]),
        'none in this period',
      ),
    ),
    section(
      'Rollbacks and incidents',
      table(
        'Incidents (each executed rollback is one), open reviews first',
        ['Incident', 'Change', 'Severity', 'Review due', 'Review'],
        incidents.incidents.map((incident) => [
          incident.incident_id,
          changeLink(incident.change_request_id),
          incident.severity,
          formatTime(incident.review_due_at),
          incident.reviewed_at
            ? badge(`✓ reviewed ${formatTime(incident.reviewed_at)}`, 'good')
            : incident.review_overdue
              ? badge('✗ review overdue', 'bad')
              : badge(`open, due ${relativeTime(incident.review_due_at, now)}`, 'warn'),
        ]),
        'none',
      ),
    ),
    section(
      'Emergency changes',
      table(
        'Emergency changes of the period’s quarters: documentation within 24 h, post-hoc review within 5 business days',
        ['Change', 'Status', 'Implemented', 'Documented (24 h)', 'Reviewed (5 business days)'],
        emergency
          .flatMap((report) => report.changes)
          .map((change) => [
            changeLink(change.change_request_id),
            change.status.replace(/_/g, ' '),
            formatTime(change.implemented_at),
            clock(change.documentation, change.documentation_due_at, now),
            clock(change.post_hoc_review, change.post_hoc_review_due_at, now),
          ]),
        'none',
      ),
    ),
  ];
}

/**
 * A deployment the deploy gate denied (or that no approval covered) is unauthorized whatever its
 * approval (ADR 0022); a row projected before that knows only whether it was approved before.
 */
function authorization(deployment: Deployment): HTMLElement {
  if (deployment.authorized === false)
    return h(
      'span',
      { title: deployment.unauthorized_reason ?? '' },
      badge('✗ unauthorized', 'bad'),
    );
  return deployment.approved_before_deployment
    ? badge('✓ authorized', 'good')
    : deployment.emergency
      ? badge('emergency path', 'warn')
      : badge('✗ unauthorized', 'bad');
}

function clock(
  state: EmergencyChange['documentation'],
  dueAt: string | null,
  now: Date,
): HTMLElement {
  const due = dueAt ? ` due ${formatTime(dueAt)}` : '';
  switch (state) {
    case 'met':
      return badge(`✓ met${due}`, 'good');
    case 'missed':
      return badge(`✗ missed${due}`, 'bad');
    case 'pending':
      return badge(dueAt ? `pending, due ${relativeTime(dueAt, now)}` : 'pending', 'warn');
    default:
      return badge('not started', 'neutral');
  }
}

/** The quarters (`2025-Q1`) a period of months touches, at most the last eight. */
function quartersOf(from: string, to: string): string[] {
  const quarters: string[] = [];
  for (let month = from; month <= to;) {
    const [year, index] = month.split('-').map(Number) as [number, number];
    const quarter = `${year}-Q${Math.ceil(index / 3)}`;
    if (!quarters.includes(quarter)) quarters.push(quarter);
    month = new Date(Date.UTC(year, index, 1)).toISOString().slice(0, 7);
  }
  return quarters.slice(-8);
}
