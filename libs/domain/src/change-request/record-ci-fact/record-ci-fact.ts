import { isProduction, sameCiFact } from '../../ci/ci-fact';
import { evaluateDeployGates, failedGates, recordedGate } from '../../deploy-gate/deploy-gate';
import { type RecordCiFact } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequest, type ChangeRequestState } from '../change-request.model';
import { postIncidentReviewDueAt } from '../deadlines';
import {
  canStartImplementation,
  implementationStarted,
} from '../start-implementation/start-implementation';
import { existing, ROLLBACKABLE, stampOf, startableStatuses } from '../lifecycle';
import { soleApproverImplementing } from '../separation-of-duties';
import {
  DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
  defaultRollbackIncidentId,
  rolledBack,
} from '../roll-back-change/roll-back-change';

/** What CI reported about the change: deployments and rollbacks move it, the rest is evidence. */
export function recordCiFact(
  command: RecordCiFact,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const { fact } = command.data;
  // A redelivered fact is already part of the change: recording it again changes nothing.
  if (change.ciFacts.some((known) => sameCiFact(known, fact))) return [];
  switch (fact.kind) {
    case 'deployment':
    case 'removal':
      return recordDeployment(change, command);
    case 'rollback':
      return recordRollback(change, command);
    case 'incident':
      return recordIncident(change, command);
    default:
      return [{ type: 'CiEvidenceRecorded', data: { ...stampOf(command.meta), fact } }];
  }
}

/**
 * A deployment is a fact: it is recorded whatever the change's state. In production it is
 * judged, and the deploy gate's answer when the ledger received it is recorded with it as it was
 * (ADR 0022):
 * authorized when an approved change (or an emergency change under SOC-EMERG-PATH) covers it, the
 * implementer may implement it, and the gate allows it — a gate that failed passes only by an
 * approved exception naming it. A successful one starts the implementation (an emergency
 * change's 24-hour documentation clock) when the change may be implemented by this deployer, even
 * if the gate denied it: the change is in production then, and its verification, rollback and
 * incident follow it; the denial makes it an unauthorized change.
 */
function recordDeployment(change: ChangeRequest, command: RecordCiFact): ChangeRequestEvent[] {
  const { fact, receivedAt, policy, standingExceptions } = command.data;
  const { meta } = command;
  const stamp = stampOf(meta);
  if (!isProduction(fact.environment)) {
    return [
      {
        type: 'DeploymentRecorded',
        data: { ...stamp, fact, authorized: null, reason: null, gate: null },
      },
    ];
  }
  const startable = startableStatuses(change).includes(change.status);
  // The deployer is the authenticated pipeline; the person the fact reports behind it is a claim,
  // but a claim that names the change's sole approver is enough to flag it (POL-SOD).
  const reportedDeployer = fact.actor
    ? soleApproverImplementing(change, { id: fact.actor, kind: 'user', roles: [] })
    : null;
  const refusal = startable
    ? ((canStartImplementation(change, meta.actor) ?? reportedDeployer)?.message ?? null)
    : change.status === 'implementing'
      ? null
      : `${change.id} is ${change.status}; a production change needs an approved change request (002 §3.8)`;
  // Judged on what the ledger holds when the deployment is recorded, at the time the ledger
  // received it: the reported time is the pipeline's word, and a word chosen to fall inside a
  // window or an exception's period must not pass either (ADR 0022). It is kept beside.
  const gate = evaluateDeployGates(
    change,
    'production',
    policy,
    receivedAt,
    standingExceptions,
    fact.service,
  );
  const denied = failedGates(gate.gates);
  const reasons = [
    ...(refusal === null ? [] : [refusal]),
    ...(denied.length === 0
      ? []
      : [
          `the deploy gate denied it (003 §3): ${denied.map((failed) => `${failed.gate}: ${failed.reason}`).join('; ')}`,
        ]),
  ];
  const reason = reasons.length === 0 ? null : reasons.join('; ');
  const recorded: ChangeRequestEvent = {
    type: 'DeploymentRecorded',
    data: {
      ...stamp,
      fact,
      authorized: reason === null,
      reason,
      gate: recordedGate(gate, receivedAt, policy.version, fact.occurredAt),
    },
  };
  const starts =
    startable && refusal === null && fact.kind === 'deployment' && fact.outcome === 'success';
  if (!starts) return [recorded];
  const start = implementationStarted(
    change,
    {
      implementationPlan: null,
      scheduledTime: change.scheduledFor,
      maintenanceWindow: false,
      policy,
    },
    meta,
  );
  return [recorded, ...start];
}

/** SOC-ROLLBACK-INCIDENT: a rollback in production rolls the change back and opens its incident (P3 at least). */
function recordRollback(change: ChangeRequest, command: RecordCiFact): ChangeRequestEvent[] {
  const { fact, policy } = command.data;
  const recorded: ChangeRequestEvent = {
    type: 'RollbackRecorded',
    data: { ...stampOf(command.meta), fact },
  };
  if (!isProduction(fact.environment) || !ROLLBACKABLE.some((status) => status === change.status)) {
    return [recorded];
  }
  const rollback = rolledBack({
    type: 'RollBackChange',
    data: {
      reason: `rolled back in ${fact.environment} by ${fact.source} (${fact.id})`,
      incidentId: fact.incident?.id ?? defaultRollbackIncidentId(change.id),
      severity: fact.incident?.severity ?? DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
      policy,
    },
    meta: command.meta,
  });
  return [recorded, ...rollback];
}

/**
 * An incident CI reports against the change (detected or reported) opens the change's incident,
 * with its post-incident review deadline, unless the change already has one: the change holds one
 * incident, and a second would hide the first's review. A severity the report does not state is
 * P3, as for a rollback (SOC-ROLLBACK-INCIDENT); the fact beside it keeps `severity: null`, as reported.
 */
function recordIncident(change: ChangeRequest, command: RecordCiFact): ChangeRequestEvent[] {
  const { fact, policy } = command.data;
  const stamp = stampOf(command.meta);
  const evidence: ChangeRequestEvent = { type: 'CiEvidenceRecorded', data: { ...stamp, fact } };
  const incident = fact.incident;
  if (!incident?.id || incident.phase === 'resolved' || change.incident !== null) return [evidence];
  return [
    evidence,
    {
      type: 'IncidentRecorded',
      data: {
        ...stamp,
        incidentId: incident.id,
        severity: incident.severity ?? DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
        reviewDueAt: postIncidentReviewDueAt(policy, command.meta.at),
      },
    },
  ];
}
