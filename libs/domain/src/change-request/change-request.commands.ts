import { type CiFact } from '../ci/ci-fact';
import { type Category, type Priority } from '../policy/policy';
import { type StandardTemplatesInForce } from '../standard-change/standard-change-template.model';
import { type StandingException } from '../standing-exception/standing-exception';
import {
  type Actor,
  type ChangeLinks,
  type IncidentSeverity,
  type PolicyInForce,
  type RiskLevel,
  type RollbackPlan,
  type Urgency,
} from './change-request.model';

/**
 * The commands of a change request, one named type each (imperative), grouped in one union.
 * Every command names its change request and says who acts and when (the injected clock).
 */
export interface CommandMeta {
  changeRequestId: string;
  actor: Actor;
  at: string;
}

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  meta: CommandMeta;
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

/** The time-driven rules: approval timeout (escalation), emergency documentation, reviews. */
export type DeadlineKind =
  'approval' | 'emergency_documentation' | 'post_hoc_review' | 'post_incident_review';

export type ReviewKind = 'post_hoc' | 'post_incident' | 'post_implementation';

/**
 * `standardTemplates`: the catalogue's templates the command may name, as their records stand
 * (a standard change is judged against its template's version in force). Absent: none is known,
 * so a standard change is refused (fails closed).
 */
export type CreateChangeRequest = Command<
  'CreateChangeRequest',
  {
    content: ContentInput;
    submit: boolean;
    policy: PolicyInForce;
    standardTemplates?: StandardTemplatesInForce;
  }
>;
export type CreateEmergencyChange = Command<
  'CreateEmergencyChange',
  { content: ContentInput; policy: PolicyInForce }
>;
export type AmendChangeRequest = Command<
  'AmendChangeRequest',
  {
    changes: Partial<ContentInput>;
    policy: PolicyInForce;
    standardTemplates?: StandardTemplatesInForce;
  }
>;
export type SubmitChangeRequest = Command<
  'SubmitChangeRequest',
  { policy: PolicyInForce; standardTemplates?: StandardTemplatesInForce }
>;
export type ApproveChangeRequest = Command<
  'ApproveChangeRequest',
  { role: string | null; comments: string | null; conditions: string[]; policy: PolicyInForce }
>;
export type RejectChangeRequest = Command<
  'RejectChangeRequest',
  { role: string | null; reason: string; policy: PolicyInForce }
>;
export type CancelChangeRequest = Command<
  'CancelChangeRequest',
  { reason: string; policy: PolicyInForce }
>;
export type ScheduleChange = Command<
  'ScheduleChange',
  {
    scheduledFor: string;
    /** The end of the window; the calendar's default duration after the start when null. */
    scheduledUntil: string | null;
    maintenanceWindow: boolean;
    policy: PolicyInForce;
  }
>;
export type StartImplementation = Command<
  'StartImplementation',
  {
    implementationPlan: string | null;
    scheduledTime: string | null;
    maintenanceWindow: boolean;
    policy: PolicyInForce;
  }
>;
export type RecordVerification = Command<
  'RecordVerification',
  {
    outcome: 'passed' | 'failed';
    monitoringMinutes: number;
    checks: string[];
    notes: string | null;
    policy: PolicyInForce;
  }
>;
export type CompleteChange = Command<
  'CompleteChange',
  {
    outcome: 'completed' | 'failed';
    testResults: string | null;
    postImplementationReview: string | null;
    policy: PolicyInForce;
  }
>;
export type RollBackChange = Command<
  'RollBackChange',
  { reason: string; incidentId: string; severity: IncidentSeverity; policy: PolicyInForce }
>;
export type RecordReview = Command<
  'RecordReview',
  { kind: ReviewKind; findings: string; policy: PolicyInForce }
>;
/** `gates`: the deploy gates the exception waives once approved (none: it waives nothing). */
export type RequestPolicyException = Command<
  'RequestPolicyException',
  { deviation: string; riskAssessment: string; gates: readonly string[]; policy: PolicyInForce }
>;
export type ApprovePolicyException = Command<
  'ApprovePolicyException',
  { role: string | null; policy: PolicyInForce }
>;
export type RecordMissedDeadline = Command<'RecordMissedDeadline', { deadline: DeadlineKind }>;
/**
 * A fact a CI pipeline reported about this change (`meta.at` is when it happened there, as
 * reported). `receivedAt`: when the ledger received the report, on its own clock — the time a
 * production deployment's gate is judged at, since the reported time is the pipeline's to choose
 * (ADR 0022). `standingExceptions`: the approved policy exceptions for a service and a period,
 * which the deploy gate of a production deployment may be passed by (ADR 0022).
 */
export type RecordCiFact = Command<
  'RecordCiFact',
  {
    fact: CiFact;
    receivedAt: string;
    policy: PolicyInForce;
    standingExceptions: readonly StandingException[];
  }
>;

export type ChangeRequestCommand =
  | CreateChangeRequest
  | CreateEmergencyChange
  | AmendChangeRequest
  | SubmitChangeRequest
  | ApproveChangeRequest
  | RejectChangeRequest
  | CancelChangeRequest
  | ScheduleChange
  | StartImplementation
  | RecordVerification
  | CompleteChange
  | RollBackChange
  | RecordReview
  | RequestPolicyException
  | ApprovePolicyException
  | RecordMissedDeadline
  | RecordCiFact;
