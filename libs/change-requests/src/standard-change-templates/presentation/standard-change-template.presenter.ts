import {
  awaitingApproval,
  type StandardChangeTemplate,
  type TemplateApproval,
  type TemplateDefinition,
} from '@change-ledger/domain';
import {
  formatPosition,
  type GlobalPosition,
  type RecordedEvent,
} from '@change-ledger/event-store';
import { presentRollbackPlan } from '../../presentation/change-request.presenter';

/** A template as API v1 shows it: snake_case, its version in force and what awaits the CAB. */
export function presentTemplate(
  template: StandardChangeTemplate,
  position: GlobalPosition | null = null,
) {
  const awaiting = awaitingApproval(template);
  const current = template.current;
  return {
    template_id: template.id,
    status: template.status,
    title: (current ?? template.proposal)?.definition.title ?? template.id,
    version: current?.version ?? null,
    constraints: current ? presentDefinition(current.definition) : null,
    approved_at: current?.approvedAt ?? null,
    approved_by: current ? current.approvals.map(presentApproval) : [],
    adopted_from_policy: current?.adoptedFromPolicy ?? null,
    awaiting_approval: awaiting && {
      version: awaiting.version,
      kind: awaiting.reapproval ? 'reapproval' : 'proposal',
      proposed_by: awaiting.proposedBy,
      required_approvals: awaiting.requiredApprovals.map(({ role }) => role),
      approvals: awaiting.approvals.map(presentApproval),
      remaining_approvals: awaiting.requiredApprovals
        .map(({ role }) => role)
        .filter((role) => !awaiting.approvals.some((approval) => approval.role === role)),
    },
    proposal: template.proposal && {
      version: template.proposal.version,
      proposed_by: template.proposal.proposedBy,
      proposed_at: template.proposal.proposedAt,
      constraints: presentDefinition(template.proposal.definition),
    },
    suspension: template.suspension && {
      since: template.suspension.at,
      change_request_id: template.suspension.changeRequestId,
      reason: template.suspension.reason,
      detail: template.suspension.detail,
    },
    suspended_for: template.suspendedFor,
    retired: template.retired && {
      retired_at: template.retired.at,
      retired_by: template.retired.by,
      reason: template.retired.reason,
    },
    versions: template.versions.map((version) => ({
      version: version.version,
      approved_at: version.approvedAt,
      approved_by: version.approvals.map(presentApproval),
      adopted_from_policy: version.adoptedFromPolicy,
    })),
    created_at: template.createdAt,
    position: position ? formatPosition(position) : null,
  };
}

export function presentDefinition(definition: TemplateDefinition) {
  return {
    title: definition.title,
    description: definition.description,
    change_types: definition.changeTypes,
    max_priority: definition.maxPriority,
    max_risk_level: definition.maxRiskLevel,
    affected_systems: definition.affectedSystems,
    test_plan_required: definition.testPlanRequired,
    rollback_plan: presentRollbackPlan(definition.rollbackPlan),
  };
}

function presentApproval(
  approval: Pick<TemplateApproval, 'approverId' | 'role'> & Partial<TemplateApproval>,
) {
  return {
    approver: approval.approverId,
    role: approval.role,
    approved_at: approval.at ?? null,
    comments: approval.comments ?? null,
  };
}

/** A template's stream as its history: each event, who, when, and its revision. */
export function presentTemplateHistory(events: readonly RecordedEvent[]) {
  return events.map(({ type, revision, data, metadata }) => {
    const textOf = (name: string) => (typeof data[name] === 'string' ? data[name] : null);
    return {
      event: type,
      revision,
      by: metadata.actor.id,
      at: textOf('at') ?? metadata.occurredAt,
      recorded_at: metadata.recordedAt,
      version: typeof data.version === 'number' ? data.version : null,
      role: textOf('role'),
      change_request_id: textOf('changeRequestId'),
      reason: textOf('reason'),
    };
  });
}
