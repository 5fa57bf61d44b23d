import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

/**
 * A change request as API v1 answers it (`presentChangeRequest`): API-ROUTES' snake_case names,
 * extended. The answer of `GET change-requests/{id}` and of every step without a shape of its own.
 */

/** SOC-ROLLBACK-PLAN's five parts, as written (the gate, not this answer, judges them complete). */
export class RollbackPlanParts {
  trigger_condition!: string;
  steps!: string[];
  owner!: string;
  verification_steps!: string[];
  time_estimate_minutes!: number;
}

export class ChangeRequestLinks {
  repository!: string | null;
  pull_request!: string | null;
  commit_sha!: string | null;
  artifact_digest!: string | null;
}

/** A required approval, and who gave it once given. */
export class RequiredApprovalAnswer {
  role!: string;
  approved_by!: string | null;
  approved_at!: string | null;
}

export class GivenApproval {
  approved_by!: string;
  role!: string;
  comments!: string | null;
  conditions!: string[];
  approved_at!: string;
  /** The version of the content it approved. */
  content_version!: number;
  policy_version!: string;
  /** An emergency change's approval, given after its implementation. */
  retroactive!: boolean;
}

export class Verification {
  outcome!: 'passed' | 'failed';
  monitoring_minutes!: number;
  verified_at!: string;
}

/** An emergency change's clocks: documented within 24 hours, reviewed within 5 business days. */
export class EmergencyDeadlines {
  documentation_due_at!: string | null;
  documented_at!: string | null;
  post_hoc_review_due_at!: string | null;
  post_hoc_reviewed_at!: string | null;
}

export class ChangeRequestIncident {
  incident_id!: string;
  severity!: 'P1' | 'P2' | 'P3';
  review_due_at!: string;
  reviewed_at!: string | null;
}

export class ExceptionSignOff {
  approver!: string;
  role!: string;
}

/** The latest exception to policy, as API v1 said it before exceptions named gates. */
export class LatestPolicyException {
  deviation!: string;
  signed_off_by!: ExceptionSignOff[];
  approved!: boolean;
}

/** An exception to policy requested for this change (POL-EXCEPTIONS). */
export class ChangePolicyException {
  /** E.g. `CHG-2026-001-EXC-1`. */
  exception_id!: string;
  deviation!: string;
  risk_assessment!: string;
  /** The deploy gates it waives once approved. */
  gates!: string[];
  requested_by!: string;
  requested_at!: string;
  signed_off_by!: ExceptionSignOff[];
  approved!: boolean;
  approved_at!: string | null;
}

@ApiExtraModels(RollbackPlanParts)
export class ChangeRequestAnswer {
  change_request_id!: string;
  /** `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
  status!: string;
  title!: string;
  description!: string;
  business_justification!: string | null;
  /** As the requester named it (API-CR-FORM's `security_enhancement`)… */
  change_type!: string;
  /** …and the policy's change type it counts as (`security`). */
  change_class!: string;
  category!: 'standard' | 'normal' | 'major' | 'emergency';
  priority!: 'low' | 'medium' | 'high' | 'critical';
  urgency!: 'emergency' | 'high' | 'medium' | 'low' | null;
  affected_systems!: string[];
  impact_scope!: string | null;
  risk_level!: 'low' | 'medium' | 'high' | null;
  risk_assessment!: string | null;
  /** SOC-ROLLBACK-PLAN's five parts, or a plan in prose as written (API-CR-FORM), or none. */
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(RollbackPlanParts) }, { type: 'string' }, { type: 'null' }],
  })
  rollback_plan!: RollbackPlanParts | string | null;
  testing_required!: boolean;
  test_plan!: string | null;
  test_environment!: string | null;
  security_considerations!: string | null;
  implementation_plan!: string | null;
  scheduled_for!: string | null;
  scheduled_until!: string | null;
  links!: ChangeRequestLinks;
  standard_template_id!: string | null;
  requester!: string;
  /** API-CR-FORM's `request_date`: the day it was created. */
  request_date!: string;
  created_at!: string;
  /** Counts the amendments: an approval applies to one version. */
  content_version!: number;
  policy_version!: string;
  /** The roles whose approval it needs (API-CR-FORM's `approvers`). */
  approvers!: string[];
  @ApiProperty({ enum: ['approved', 'rejected', 'pending'] })
  approval_status!: string;
  required_approvals!: RequiredApprovalAnswer[];
  approvals!: GivenApproval[];
  approval_due_at!: string | null;
  approved_at!: string | null;
  implementer!: string | null;
  implementation_started!: string | null;
  verification!: Verification | null;
  completed_at!: string | null;
  /** Null unless it is an emergency change. */
  emergency!: EmergencyDeadlines | null;
  /** The incident its rollback recorded. */
  incident!: ChangeRequestIncident | null;
  /** The latest exception (null with none); all of them under `exceptions`. */
  exception!: LatestPolicyException | null;
  exceptions!: ChangePolicyException[];
  /** Where the write that answers this landed, for a read model's `min_position`; null on a read. */
  position!: string | null;
}

/** Another change scheduled on the same systems at an overlapping time (issue 17). */
export class ScheduleConflict {
  change_request_id!: string;
  systems!: string[];
  start!: string;
  end!: string;
}

/** One change request from its own stream, with the scheduling conflicts it has. */
export class ChangeRequestWithConflicts extends ChangeRequestAnswer {
  conflicts!: ScheduleConflict[];
}

/**
 * A step's answer: the change request as the step left it, with the log's signed receipt for the
 * events it recorded (receipt.interceptor.ts, ADR 0019).
 */
export class ChangeRequestStepAnswer extends ChangeRequestAnswer {
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}

/** A scheduled change: the step's answer, with the changes its window overlaps (issue 17). */
export class ScheduledChangeAnswer extends ChangeRequestStepAnswer {
  conflicts!: ScheduleConflict[];
}
