import { type CiFact } from '../ci/ci-fact';
import { type DeployGate } from '../deploy-gate/gate-result';
import { type Category, type Policy, type Priority, type RequiredApproval } from '../policy/policy';

/** The lifecycle of API-STATUSES, with `draft` before submission and `cancelled` before implementation. */
export const CHANGE_REQUEST_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'rejected',
  'scheduled',
  'implementing',
  'completed',
  'failed',
  'rolled_back',
  'cancelled',
] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export type Urgency = 'emergency' | 'high' | 'medium' | 'low';
export type RiskLevel = 'low' | 'medium' | 'high';
export type IncidentSeverity = 'P1' | 'P2' | 'P3';

/** SOC-ROLLBACK-PLAN: what a rollback plan must hold before deployment. */
export interface RollbackPlan {
  triggerCondition: string;
  steps: string[];
  owner: string;
  verificationSteps: string[];
  timeEstimateMinutes: number;
}

export interface ChangeLinks {
  repository?: string;
  pullRequest?: string;
  commitSha?: string;
  artifactDigest?: string;
}

/** What a requester writes (POL-CR-CONTENTS, SOC-FLOW, SOC-ROLLBACK-PLAN, API-CR-FORM); approvals apply to a version of it. */
export interface ChangeContent {
  title: string;
  description: string;
  businessJustification: string | null;
  /** As the requester named it (API-CR-FORM uses `security_enhancement`)… */
  changeTypeRequested: string;
  /** …and the policy's change type it counts as (`security`). */
  changeType: string;
  category: Category;
  priority: Priority;
  urgency: Urgency | null;
  affectedSystems: string[];
  impactScope: string | null;
  riskLevel: RiskLevel | null;
  riskAssessment: string | null;
  /** A plan in prose (API-CR-FORM's form) until it is written out in the five parts of SOC-ROLLBACK-PLAN. */
  rollbackPlan: RollbackPlan | string | null;
  testingRequired: boolean;
  testPlan: string | null;
  testEnvironment: string | null;
  securityConsiderations: string | null;
  implementationPlan: string | null;
  scheduledFor: string | null;
  links: ChangeLinks;
  standardTemplateId: string | null;
}

/** Who acts, as the edge authenticated them. There are no anonymous or shared writes. */
export interface Actor {
  id: string;
  kind: 'user' | 'service';
  roles: string[];
}

export interface Approval {
  approverId: string;
  role: string;
  comments: string | null;
  conditions: string[];
  approvedAt: string;
  contentVersion: number;
  policyVersion: string;
  retroactive: boolean;
}

export interface Deadline {
  dueAt: string;
  metAt: string | null;
}

export type ChangeRequestState = { status: 'absent' } | ChangeRequest;

export interface ChangeRequest {
  status: ChangeRequestStatus;
  id: string;
  requesterId: string;
  createdAt: string;
  content: ChangeContent;
  contentVersion: number;
  policyVersion: string;
  requiredApprovals: RequiredApproval[];
  approvals: Approval[];
  approvalDue: Deadline | null;
  submittedAt: string | null;
  approvedAt: string | null;
  scheduledFor: string | null;
  /** The end of the scheduled window; absent in states folded before the change calendar. */
  scheduledUntil?: string | null;
  /** Blackouts the scheduled window was allowed into, and as whom. */
  blackoutOverrides?: Array<{ blackout: string; allowedAs: string }>;
  implementerId: string | null;
  implementationStartedAt: string | null;
  /** Emergency changes: implemented before approval, documented and reviewed after the fact. */
  emergency: { documentation: Deadline | null; postHocReview: Deadline | null } | null;
  verification: {
    outcome: 'passed' | 'failed';
    monitoringMinutes: number;
    verifiedAt: string;
  } | null;
  completedAt: string | null;
  rolledBackAt: string | null;
  incident: { incidentId: string; severity: IncidentSeverity; review: Deadline } | null;
  /** Exceptions to policy requested for this change (POL-EXCEPTIONS), in the order requested. */
  exceptions: PolicyException[];
  /** Production deployments of this change recorded as unauthorized, with why (ADR 0022). */
  unauthorizedDeployments: UnauthorizedDeployment[];
  /** Deadlines already recorded as missed, each once. */
  missedDeadlines: string[];
  /** What CI reported about this change, in the order it was recorded: the gates' evidence. */
  ciFacts: CiFact[];
}

/**
 * A deviation from policy for this change (POL-EXCEPTIONS), numbered in the order requested
 * (`CHG-2026-001-EXC-1`). Once approved it waives the deploy gates it names for this change, and
 * only those: one that names no gate documents a deviation and waives nothing (ADR 0022).
 */
export interface PolicyException {
  id: string;
  deviation: string;
  riskAssessment: string;
  gates: DeployGate[];
  requestedBy: string;
  requestedAt: string;
  approvals: Array<{ approverId: string; role: string }>;
  approved: boolean;
  approvedAt: string | null;
}

export interface UnauthorizedDeployment {
  /** The CI fact's identity. */
  source: string;
  id: string;
  occurredAt: string;
  reason: string;
}

export const initialState: ChangeRequestState = { status: 'absent' };

/** The policy facts the decider needs, handed in with each command that depends on them. */
export type PolicyInForce = Policy;

export function isComplete(plan: ChangeContent['rollbackPlan']): plan is RollbackPlan {
  return (
    typeof plan === 'object' &&
    plan !== null &&
    plan.triggerCondition.trim() !== '' &&
    plan.steps.length > 0 &&
    plan.owner.trim() !== '' &&
    plan.verificationSteps.length > 0 &&
    plan.timeEstimateMinutes > 0
  );
}
