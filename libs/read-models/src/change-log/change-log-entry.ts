import { type ChangeRequest } from '@change-ledger/domain';
import { stringify } from 'csv-stringify/sync';

/** SOC-CHANGE-LOG: change id, description, author, approvers, deployment date, outcome, incidents. */
export interface ChangeLogEntry {
  change_id: string;
  title: string;
  description: string;
  author: string;
  approvers: string[];
  deployment_date: string;
  outcome: 'successful' | 'failed' | 'rolled_back' | 'in_progress';
  incidents: Array<{ incident_id: string; severity: string }>;
  category: string;
  emergency: boolean;
}

/** SOC-CHANGE-LOG's change log line of a deployed change. */
export function changeLogEntry(state: ChangeRequest): ChangeLogEntry {
  return {
    change_id: state.id,
    title: state.content.title,
    description: state.content.description,
    author: state.requesterId,
    approvers: state.approvals.map((approval) => approval.approverId),
    deployment_date: state.implementationStartedAt!,
    outcome: OUTCOMES[state.status] ?? 'in_progress',
    incidents: state.incident
      ? [{ incident_id: state.incident.incidentId, severity: state.incident.severity }]
      : [],
    category: state.content.category,
    emergency: state.emergency !== null,
  };
}

const OUTCOMES: Record<string, ChangeLogEntry['outcome']> = {
  completed: 'successful',
  failed: 'failed',
  rolled_back: 'rolled_back',
};

export function changeLogCsv(entries: readonly ChangeLogEntry[]): string {
  return stringify(
    entries.map((entry) => [
      entry.change_id,
      entry.title,
      entry.description,
      entry.author,
      entry.approvers.join('; '),
      entry.deployment_date,
      entry.outcome,
      entry.incidents
        .map((incident) => `${incident.incident_id} (${incident.severity})`)
        .join('; '),
      entry.category,
      entry.emergency ? 'yes' : 'no',
    ]),
    {
      header: true,
      columns: [
        'change_id',
        'title',
        'description',
        'author',
        'approvers',
        'deployment_date',
        'outcome',
        'incidents',
        'category',
        'emergency',
      ],
    },
  );
}
