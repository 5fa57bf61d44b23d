import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { RollbackPlanParts } from '../change-requests/dto/change-request.response.dto';

/** What an instance of a template may be (a version's definition), in the API's names. */
@ApiExtraModels(RollbackPlanParts)
export class TemplateConstraints {
  title!: string;
  description!: string;
  change_types!: string[];
  max_priority!: 'low' | 'medium' | 'high' | 'critical';
  max_risk_level!: 'low' | 'medium' | 'high';
  /** System names, or patterns where `*` stands for any characters. */
  affected_systems!: string[];
  test_plan_required!: boolean;
  /** Filled into every instance that brings no plan of its own. */
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(RollbackPlanParts) }, { type: 'string' }, { type: 'null' }],
  })
  rollback_plan!: RollbackPlanParts | string | null;
}

export class TemplateApprovalAnswer {
  approver!: string;
  role!: string;
  approved_at!: string | null;
  comments!: string | null;
}

/** A version that awaits the CAB: a proposal, or a suspended template's re-approval. */
export class AwaitingApproval {
  version!: number;
  @ApiProperty({ enum: ['proposal', 'reapproval'] })
  kind!: string;
  proposed_by!: string | null;
  required_approvals!: string[];
  approvals!: TemplateApprovalAnswer[];
  remaining_approvals!: string[];
}

export class TemplateProposalAnswer {
  version!: number;
  proposed_by!: string;
  proposed_at!: string;
  constraints!: TemplateConstraints;
}

/** Why the template is suspended: an instance went wrong. */
export class TemplateSuspensionAnswer {
  since!: string;
  change_request_id!: string;
  reason!: 'rolled_back' | 'incident';
  detail!: string;
}

export class TemplateRetirement {
  retired_at!: string;
  retired_by!: string;
  reason!: string;
}

export class ApprovedTemplateVersion {
  version!: number;
  approved_at!: string;
  approved_by!: TemplateApprovalAnswer[];
  /** The policy file's entry it was adopted from, if it was. */
  adopted_from_policy!: string | null;
}

/** How a template's instances went (the catalogue's read model). */
export class TemplateUsage {
  /** Changes it pre-approved. */
  uses!: number;
  completed!: number;
  failed!: number;
  rolled_back!: number;
  /** Instances that caused an incident. */
  incidents!: number;
  /** completed ÷ (completed + failed + rolled back); null with none ended. */
  success_rate!: number | null;
  last_used_at!: string | null;
}

/** A standard-change template as API v1 shows it (`presentTemplate`). */
export class StandardChangeTemplateAnswer {
  template_id!: string;
  status!: 'proposed' | 'rejected' | 'active' | 'suspended' | 'retired';
  title!: string;
  /** The version in force; null before the first approval. */
  version!: number | null;
  constraints!: TemplateConstraints | null;
  approved_at!: string | null;
  approved_by!: TemplateApprovalAnswer[];
  adopted_from_policy!: string | null;
  awaiting_approval!: AwaitingApproval | null;
  proposal!: TemplateProposalAnswer | null;
  suspension!: TemplateSuspensionAnswer | null;
  /** Instances that have suspended it, each once. */
  suspended_for!: string[];
  retired!: TemplateRetirement | null;
  versions!: ApprovedTemplateVersion[];
  created_at!: string;
  /** Where the write that answers this landed, for `min_position`; null on a read. */
  position!: string | null;
}

/** A template as a write left it, with the log's signed receipt for the events it recorded. */
export class StandardChangeTemplateWriteAnswer extends StandardChangeTemplateAnswer {
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt?: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
