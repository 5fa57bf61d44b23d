import { type RollBackChange } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState, type IncidentSeverity } from '../change-request.model';
import { postIncidentReviewDueAt } from '../deadlines';
import { oneOf, text } from '../guards';
import { existing, requireStatus, ROLLBACKABLE, stampOf } from '../lifecycle';
import { requireImplementerRole } from '../step-roles';

/** SOC-ROLLBACK-INCIDENT: an executed rollback is an incident, P3 unless someone says it is worse. */
export const DEFAULT_ROLLBACK_INCIDENT_SEVERITY: IncidentSeverity = 'P3';

/** The incident id a rollback opens when no one named one. */
export function defaultRollbackIncidentId(changeRequestId: string): string {
  return `INC-${changeRequestId}`;
}

export function rollBack(command: RollBackChange, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'roll back', ROLLBACKABLE);
  requireImplementerRole(command.meta.actor, command.data.policy, 'roll back');
  text('reason', command.data.reason);
  text('incident_id', command.data.incidentId);
  oneOf('severity', command.data.severity, ['P1', 'P2', 'P3'] as const);
  return rolledBack(command);
}

/** What a rollback records: the change rolled back and its incident, with the review deadline. */
export function rolledBack({
  data: { reason, incidentId, severity, policy },
  meta,
}: RollBackChange): ChangeRequestEvent[] {
  const stamp = stampOf(meta);
  return [
    { type: 'ChangeRolledBack', data: { ...stamp, reason } },
    {
      type: 'IncidentRecorded',
      data: {
        ...stamp,
        incidentId,
        severity,
        reviewDueAt: postIncidentReviewDueAt(policy, meta.at),
      },
    },
  ];
}
