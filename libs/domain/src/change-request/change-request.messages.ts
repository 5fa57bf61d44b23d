import { type CiFact } from '../ci/ci-fact';
import { type Category, type Priority, type RequiredApproval } from '../policy/policy';
import {
  type Actor,
  type ChangeContent,
  type ChangeLinks,
  type IncidentSeverity,
  type PolicyInForce,
  type RiskLevel,
  type RollbackPlan,
  type Urgency,
} from './change-request.model';

/** Every command names its change request and says who acts and when (the injected clock). */
interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: { changeRequestId: string; actor: Actor; at: string };
}

/** Content as a requester supplies it, before the policy names its change type. */
export interface ContentInput {
  title: string;
  description: string;
  businessJustification?: string | null;
  changeType: string;
  category?: Category;
  priority: Priority;
  urgency?: Urgency | null;
  affectedSystems: string[];
  impactScope?: string | null;
  riskLevel?: RiskLevel | null;
  riskAssessment?: string | null;
  rollbackPlan?: RollbackPlan | string | null;
  testingRequired?: boolean;
  testPlan?: string | null;
  testEnvironment?: string | null;
  securityConsiderations?: string | null;
  implementationPlan?: string | null;
  scheduledFor?: string | null;
  links?: ChangeLinks;
  standardTemplateId?: string | null;
}

export type ChangeRequestCommand =
  | Command<
      'CreateChangeRequest',
      { content: ContentInput; submit: boolean; policy: PolicyInForce }
    >
  | Command<'CreateEmergencyChange', { content: ContentInput; policy: PolicyInForce }>
  | Command<'AmendChangeRequest', { changes: Partial<ContentInput>; policy: PolicyInForce }>
  | Command<'SubmitChangeRequest', { policy: PolicyInForce }>
  | Command<
      'ApproveChangeRequest',
      { role: string | null; comments: string | null; conditions: string[]; policy: PolicyInForce }
    >
  | Command<'RejectChangeRequest', { role: string | null; reason: string; policy: PolicyInForce }>
  | Command<'CancelChangeRequest', { reason: string }>
  | Command<'ScheduleChange', { scheduledFor: string; maintenanceWindow: boolean }>
  | Command<
      'StartImplementation',
      {
        implementationPlan: string | null;
        scheduledTime: string | null;
        maintenanceWindow: boolean;
        policy: PolicyInForce;
      }
    >
  | Command<
      'RecordVerification',
      {
        outcome: 'passed' | 'failed';
        monitoringMinutes: number;
        checks: string[];
        notes: string | null;
        policy: PolicyInForce;
      }
    >
  | Command<
      'CompleteChange',
      {
        outcome: 'completed' | 'failed';
        testResults: string | null;
        postImplementationReview: string | null;
      }
    >
  | Command<
      'RollBackChange',
      { reason: string; incidentId: string; severity: IncidentSeverity; policy: PolicyInForce }
    >
  | Command<'RecordReview', { kind: ReviewKind; findings: string }>
  | Command<'RequestPolicyException', { deviation: string; riskAssessment: string }>
  | Command<'ApprovePolicyException', { role: string | null; policy: PolicyInForce }>
  | Command<'RecordMissedDeadline', { deadline: DeadlineKind }>
  /** A fact a CI pipeline reported about this change (`meta.at` is when it happened there). */
  | Command<'RecordCiFact', { fact: CiFact; policy: PolicyInForce }>;

/** The time-driven rules: approval timeout (escalation), emergency documentation, reviews. */
export type DeadlineKind =
  'approval' | 'emergency_documentation' | 'post_hoc_review' | 'post_incident_review';

export type ReviewKind = 'post_hoc' | 'post_incident' | 'post_implementation';

/** Who did it and when: every event carries it in its data too, so a read of one event is evidence. */
interface Event<Type extends string, Data> {
  type: Type;
  data: Data & { changeRequestId: string; by: string; at: string };
}

export type ChangeRequestEvent =
  | Event<
      'ChangeRequestCreated',
      { content: ChangeContent; emergency: boolean; policyVersion: string }
    >
  | Event<
      'ChangeRequestAmended',
      {
        content: ChangeContent;
        contentVersion: number;
        changedFields: string[];
        requiredApprovals: RequiredApproval[];
      }
    >
  | Event<
      'ApprovalsVoided',
      { voided: Array<{ approverId: string; role: string }>; reason: string }
    >
  | Event<
      'ChangeRequestSubmitted',
      {
        requiredApprovals: RequiredApproval[];
        approvalDueAt: string | null;
        policyVersion: string;
        contentVersion: number;
      }
    >
  | Event<'StandardChangePreApproved', { templateId: string; policyVersion: string }>
  | Event<
      'ChangeApproved',
      {
        role: string;
        comments: string | null;
        conditions: string[];
        contentVersion: number;
        policyVersion: string;
        retroactive: boolean;
      }
    >
  | Event<
      'ChangeRequestApproved',
      { approvers: Array<{ approverId: string; role: string }>; policyVersion: string }
    >
  | Event<
      'EmergencyChangeRetroactivelyApproved',
      { approvers: Array<{ approverId: string; role: string }>; policyVersion: string }
    >
  | Event<'ChangeRequestRejected', { role: string; reason: string; policyVersion: string }>
  | Event<'ChangeRequestCancelled', { reason: string }>
  | Event<'ChangeScheduled', { scheduledFor: string; maintenanceWindow: boolean }>
  | Event<
      'ChangeImplementationStarted',
      {
        implementationPlan: string | null;
        scheduledTime: string | null;
        maintenanceWindow: boolean;
        approvedBeforeImplementation: boolean;
        documentationDueAt: string | null;
        postHocReviewDueAt: string | null;
      }
    >
  | Event<'EmergencyChangeDocumented', { dueAt: string; withinDeadline: boolean }>
  | Event<
      'ChangeVerified',
      {
        outcome: 'passed' | 'failed';
        monitoringMinutes: number;
        checks: string[];
        notes: string | null;
      }
    >
  | Event<
      'ChangeCompleted',
      { testResults: string | null; postImplementationReview: string | null; nextReview: string }
    >
  | Event<'ChangeFailed', { testResults: string | null; postImplementationReview: string | null }>
  | Event<'ChangeRolledBack', { reason: string }>
  | Event<
      'IncidentRecorded',
      { incidentId: string; severity: IncidentSeverity; reviewDueAt: string }
    >
  | Event<
      'ChangeReviewed',
      { kind: ReviewKind; findings: string; dueAt: string | null; withinDeadline: boolean | null }
    >
  | Event<'PolicyExceptionRequested', { deviation: string; riskAssessment: string }>
  | Event<'PolicyExceptionSignedOff', { role: string; policyVersion: string }>
  | Event<'PolicyExceptionApproved', { approvers: Array<{ approverId: string; role: string }> }>
  | Event<'DeadlineMissed', { deadline: DeadlineKind; dueAt: string }>
  /**
   * A deployment (or removal) CI reported. `authorized`: whether an approved change covered it
   * when it happened (002 §3.8, 003 §6); null outside production, which is not gated.
   */
  | Event<'DeploymentRecorded', { fact: CiFact; authorized: boolean | null; reason: string | null }>
  | Event<'RollbackRecorded', { fact: CiFact }>
  /** Tests, scans, pipeline runs, reviews, merges, incidents: the gates' evidence. */
  | Event<'CiEvidenceRecorded', { fact: CiFact }>;

export type ChangeRequestEventType = ChangeRequestEvent['type'];

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
