import { type RiskLevel, type RollbackPlan } from '../change-request/change-request.model';
import { type Priority, type RequiredApproval } from '../policy/policy';
import { STANDARD_CHANGE_TEMPLATE_STREAM_PREFIX } from '../stream-names';

/**
 * A template of the standard-change catalogue (SOC-CATEGORIES "pre-approved, low-risk, routine change
 * with established procedure"): a record of its own, in its own stream, proposed and approved
 * by the CAB like a change, versioned, suspended when an instance went wrong, and retired. A
 * standard change names a template, and is pre-approved only while the template is in force and
 * the change fits every constraint of its current version (`standard-change-fit.ts`).
 */

/** A template id: a lower-case slug, as the policy file's catalogue entries have. */
export const STANDARD_CHANGE_TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The stream of one template: `standard-change-template-dependency-update`. */
export function standardChangeTemplateStream(templateId: string): string {
  return `${STANDARD_CHANGE_TEMPLATE_STREAM_PREFIX}${templateId}`;
}

/** What a version of a template allows: every instance is held to all of it. */
export interface TemplateDefinition {
  title: string;
  description: string;
  /** The policy's change types an instance may have. */
  changeTypes: string[];
  /** The highest priority an instance may have (critical > high > medium > low). */
  maxPriority: Priority;
  /** The highest risk level an instance may state; an instance states one. */
  maxRiskLevel: RiskLevel;
  /** System names or patterns with `*` (`payments-*`; `*` alone: any); each affected system matches one. */
  affectedSystems: string[];
  /** An instance carries a test plan (the policy's `testing.required_for` asks one too). */
  testPlanRequired: boolean;
  /**
   * The five parts of SOC-ROLLBACK-PLAN, filled into an instance that brings no plan of its own. Templates
   * proposed through the API always have one; an entry adopted from a policy file may not, and
   * then each instance brings a complete plan.
   */
  rollbackPlan: RollbackPlan | null;
}

export interface TemplateApproval {
  approverId: string;
  role: string;
  at: string;
  comments: string | null;
}

/** An approved version: the one in force until a later one is approved. */
export interface TemplateVersion {
  version: number;
  definition: TemplateDefinition;
  approvedAt: string;
  /** Who approved it; none when it was adopted from the policy file (`adoptedFromPolicy`). */
  approvals: TemplateApproval[];
  /** The policy version whose catalogue it was adopted from, or null. */
  adoptedFromPolicy: string | null;
}

/** A version proposed and not yet approved or rejected. */
export interface TemplateProposal {
  version: number;
  definition: TemplateDefinition;
  proposedBy: string;
  proposedAt: string;
  requiredApprovals: RequiredApproval[];
  approvals: TemplateApproval[];
}

/** Why a template stopped pre-approving: one of its instances was rolled back or caused an incident. */
export type SuspensionReason = 'rolled_back' | 'incident';

export interface TemplateSuspension {
  at: string;
  changeRequestId: string;
  reason: SuspensionReason;
  detail: string;
  /** The CAB roles that re-approve it, and the re-approvals given so far. */
  requiredApprovals: RequiredApproval[];
  approvals: TemplateApproval[];
}

export const TEMPLATE_STATUSES = [
  'proposed',
  'rejected',
  'active',
  'suspended',
  'retired',
] as const;
/**
 * `proposed`: no version approved yet, one awaits approval; `rejected`: none approved, the last
 * proposal was rejected; `active`: in force; `suspended`: an instance went wrong, awaits
 * re-approval; `retired`: for good.
 */
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface StandardChangeTemplate {
  status: TemplateStatus;
  id: string;
  createdAt: string;
  /** The approved version in force (while active), null before the first approval. */
  current: TemplateVersion | null;
  /** Every approved version, oldest first. */
  versions: TemplateVersion[];
  proposal: TemplateProposal | null;
  suspension: TemplateSuspension | null;
  /** Instances that have suspended it, each once. */
  suspendedFor: string[];
  retired: { at: string; by: string; reason: string } | null;
  /** The last version number given out (proposed, adopted, approved or rejected). */
  lastVersion: number;
}

export type StandardChangeTemplateState = { status: 'absent' } | StandardChangeTemplate;

/**
 * The templates a change-request command may name, as they stand when it is decided (read by the
 * use case from their streams). A template absent here is not in the catalogue.
 */
export type StandardTemplatesInForce = Readonly<Record<string, StandardChangeTemplate>>;

/** The status a template's record says it is in, from its parts. */
export function statusOf(template: Omit<StandardChangeTemplate, 'status'>): TemplateStatus {
  if (template.retired) return 'retired';
  if (template.current === null) return template.proposal ? 'proposed' : 'rejected';
  return template.suspension ? 'suspended' : 'active';
}
