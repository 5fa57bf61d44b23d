import { type SlotKind } from '../calendar/change-calendar';
import { type CiFact } from '../ci/ci-fact';
import { type DeployGate, type RecordedGate } from '../deploy-gate/gate-result';
import { type BlackoutOverride } from './schedule-change/schedule-rules';
import { type RequiredApproval } from '../policy/policy';
import { type DeadlineKind, type ReviewKind } from './change-request.commands';
import { type ChangeContent, type IncidentSeverity } from './change-request.model';
import { type FieldProblem } from '../errors/ledger-error';

/**
 * The events of a change request, one named type each (past tense), grouped in one union.
 * Who did it and when: every event carries it in its data too, so a read of one event is evidence.
 */
export interface EventStamp {
  changeRequestId: string;
  by: string;
  at: string;
}

interface Event<Type extends string, Data> {
  type: Type;
  data: Data & EventStamp;
}

export interface Approver {
  approverId: string;
  role: string;
}

export type ChangeRequestCreated = Event<
  'ChangeRequestCreated',
  { content: ChangeContent; emergency: boolean; policyVersion: string }
>;
export type ChangeRequestAmended = Event<
  'ChangeRequestAmended',
  {
    content: ChangeContent;
    contentVersion: number;
    changedFields: string[];
    requiredApprovals: RequiredApproval[];
  }
>;
export type ApprovalsVoided = Event<'ApprovalsVoided', { voided: Approver[]; reason: string }>;
export type ChangeRequestSubmitted = Event<
  'ChangeRequestSubmitted',
  {
    requiredApprovals: RequiredApproval[];
    approvalDueAt: string | null;
    policyVersion: string;
    contentVersion: number;
    /**
     * Filed as a standard change that did not fit its template, and recorded as a normal change
     * because the policy says so (`standard_changes.outside_template: normal_change`).
     */
    standardFallback?: {
      templateId: string;
      templateVersion: number | null;
      problems: FieldProblem[];
    };
  }
>;
export type StandardChangePreApproved = Event<
  'StandardChangePreApproved',
  /** `templateVersion`: the version it was judged against (absent before templates were governed). */
  { templateId: string; templateVersion?: number; policyVersion: string }
>;
export type ChangeApproved = Event<
  'ChangeApproved',
  {
    role: string;
    comments: string | null;
    conditions: string[];
    contentVersion: number;
    policyVersion: string;
    retroactive: boolean;
  }
>;
export type ChangeRequestApproved = Event<
  'ChangeRequestApproved',
  { approvers: Approver[]; policyVersion: string }
>;
export type EmergencyChangeRetroactivelyApproved = Event<
  'EmergencyChangeRetroactivelyApproved',
  { approvers: Approver[]; policyVersion: string }
>;
export type ChangeRequestRejected = Event<
  'ChangeRequestRejected',
  { role: string; reason: string; policyVersion: string }
>;
export type ChangeRequestCancelled = Event<'ChangeRequestCancelled', { reason: string }>;
/**
 * The window a change is to be implemented in. Events recorded before the change calendar hold
 * `scheduledFor` and `maintenanceWindow` only: their window is read as the default two hours.
 */
export type ChangeScheduled = Event<
  'ChangeScheduled',
  {
    scheduledFor: string;
    scheduledUntil?: string;
    maintenanceWindow: boolean;
    /** The kind of slot the calendar required, if any. */
    slot?: SlotKind | null;
    /** Blackouts the window falls in that the change or its scheduler may override. */
    blackoutOverrides?: BlackoutOverride[];
  }
>;
export type ChangeImplementationStarted = Event<
  'ChangeImplementationStarted',
  {
    implementationPlan: string | null;
    scheduledTime: string | null;
    maintenanceWindow: boolean;
    approvedBeforeImplementation: boolean;
    documentationDueAt: string | null;
    postHocReviewDueAt: string | null;
  }
>;
export type EmergencyChangeDocumented = Event<
  'EmergencyChangeDocumented',
  { dueAt: string; withinDeadline: boolean }
>;
export type ChangeVerified = Event<
  'ChangeVerified',
  {
    outcome: 'passed' | 'failed';
    monitoringMinutes: number;
    checks: string[];
    notes: string | null;
  }
>;
export type ChangeCompleted = Event<
  'ChangeCompleted',
  { testResults: string | null; postImplementationReview: string | null; nextReview: string }
>;
export type ChangeFailed = Event<
  'ChangeFailed',
  { testResults: string | null; postImplementationReview: string | null }
>;
export type ChangeRolledBack = Event<'ChangeRolledBack', { reason: string }>;
export type IncidentRecorded = Event<
  'IncidentRecorded',
  { incidentId: string; severity: IncidentSeverity; reviewDueAt: string }
>;
export type ChangeReviewed = Event<
  'ChangeReviewed',
  { kind: ReviewKind; findings: string; dueAt: string | null; withinDeadline: boolean | null }
>;
/**
 * `exceptionId` and `gates` (the deploy gates it waives once approved) are absent from events
 * recorded before ADR 0022: such an exception has the id its order gives and waives nothing.
 */
export type PolicyExceptionRequested = Event<
  'PolicyExceptionRequested',
  { deviation: string; riskAssessment: string; exceptionId?: string; gates?: DeployGate[] }
>;
export type PolicyExceptionSignedOff = Event<
  'PolicyExceptionSignedOff',
  { role: string; policyVersion: string; exceptionId?: string }
>;
export type PolicyExceptionApproved = Event<
  'PolicyExceptionApproved',
  { approvers: Approver[]; exceptionId?: string }
>;
export type DeadlineMissed = Event<'DeadlineMissed', { deadline: DeadlineKind; dueAt: string }>;
/**
 * A deployment (or removal) CI reported. `authorized`: whether an approved change covered it
 * when it happened (POL-APPROVED-RECORD, SOC-PROHIBITED) and the deploy gate allowed it (SOC-GATES); null outside
 * production, which is not gated. `gate`: the gate's answer at that moment, as it was (ADR 0022);
 * null outside production, absent from events recorded before it.
 */
export type DeploymentRecorded = Event<
  'DeploymentRecorded',
  { fact: CiFact; authorized: boolean | null; reason: string | null; gate?: RecordedGate | null }
>;
export type RollbackRecorded = Event<'RollbackRecorded', { fact: CiFact }>;
/** Tests, scans, pipeline runs, reviews, merges, incidents: the gates' evidence. */
export type CiEvidenceRecorded = Event<'CiEvidenceRecorded', { fact: CiFact }>;

export type ChangeRequestEvent =
  | ChangeRequestCreated
  | ChangeRequestAmended
  | ApprovalsVoided
  | ChangeRequestSubmitted
  | StandardChangePreApproved
  | ChangeApproved
  | ChangeRequestApproved
  | EmergencyChangeRetroactivelyApproved
  | ChangeRequestRejected
  | ChangeRequestCancelled
  | ChangeScheduled
  | ChangeImplementationStarted
  | EmergencyChangeDocumented
  | ChangeVerified
  | ChangeCompleted
  | ChangeFailed
  | ChangeRolledBack
  | IncidentRecorded
  | ChangeReviewed
  | PolicyExceptionRequested
  | PolicyExceptionSignedOff
  | PolicyExceptionApproved
  | DeadlineMissed
  | DeploymentRecorded
  | RollbackRecorded
  | CiEvidenceRecorded;

export type ChangeRequestEventType = ChangeRequestEvent['type'];

export const CHANGE_REQUEST_EVENT_TYPES: readonly ChangeRequestEventType[] = [
  'ChangeRequestCreated',
  'ChangeRequestAmended',
  'ApprovalsVoided',
  'ChangeRequestSubmitted',
  'StandardChangePreApproved',
  'ChangeApproved',
  'ChangeRequestApproved',
  'EmergencyChangeRetroactivelyApproved',
  'ChangeRequestRejected',
  'ChangeRequestCancelled',
  'ChangeScheduled',
  'ChangeImplementationStarted',
  'EmergencyChangeDocumented',
  'ChangeVerified',
  'ChangeCompleted',
  'ChangeFailed',
  'ChangeRolledBack',
  'IncidentRecorded',
  'ChangeReviewed',
  'PolicyExceptionRequested',
  'PolicyExceptionSignedOff',
  'PolicyExceptionApproved',
  'DeadlineMissed',
  'DeploymentRecorded',
  'RollbackRecorded',
  'CiEvidenceRecorded',
];

const KNOWN_TYPES = new Set<string>(CHANGE_REQUEST_EVENT_TYPES);

/**
 * A stored event as a change-request event, or undefined when it is not one. Event names are
 * registered here explicitly, so a stored event is never reinterpreted by accident.
 */
export function asChangeRequestEvent(stored: {
  type: string;
  data: unknown;
}): ChangeRequestEvent | undefined {
  return KNOWN_TYPES.has(stored.type)
    ? ({ type: stored.type, data: stored.data } as ChangeRequestEvent)
    : undefined;
}
