import { type ContentInput, type RollbackPlan } from '@change-ledger/domain';
import { type ChangeContentDto, type RollbackPlanDto } from './dto/change-request.dto';

/** Request bodies as the domain takes them; the answers' shapes are libs/change-requests' presenter. */
export function toContentInput(
  dto: Partial<ChangeContentDto> & { category?: ContentInput['category'] },
): Partial<ContentInput> {
  const input: Partial<ContentInput> = {
    title: dto.title,
    description: dto.description,
    businessJustification: dto.business_justification,
    changeType: dto.change_type,
    category: dto.category,
    priority: dto.priority,
    urgency: dto.urgency,
    affectedSystems: dto.affected_systems,
    impactScope: dto.impact_scope,
    riskLevel: dto.risk_level,
    riskAssessment: dto.risk_assessment,
    rollbackPlan: dto.rollback_plan === undefined ? undefined : toRollbackPlan(dto.rollback_plan),
    testingRequired: dto.testing_required,
    testPlan: dto.test_plan,
    testEnvironment: dto.test_environment,
    securityConsiderations: dto.security_considerations,
    implementationPlan: dto.implementation_plan,
    scheduledFor: dto.scheduled_for,
    // Only the links given: a stored event holds no `undefined`.
    links:
      dto.links &&
      (Object.fromEntries(
        Object.entries({
          repository: dto.links.repository,
          pullRequest: dto.links.pull_request,
          commitSha: dto.links.commit_sha,
          artifactDigest: dto.links.artifact_digest,
        }).filter(([, value]) => value !== undefined),
      ) as ContentInput['links']),
    standardTemplateId: dto.standard_template_id,
  };
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<ContentInput>;
}

export function toRollbackPlan(plan: RollbackPlanDto): RollbackPlan;
export function toRollbackPlan(plan: RollbackPlanDto | string): RollbackPlan | string;
export function toRollbackPlan(plan: RollbackPlanDto | string): RollbackPlan | string {
  if (typeof plan === 'string') return plan;
  return {
    triggerCondition: plan.trigger_condition,
    steps: plan.steps,
    owner: plan.owner,
    verificationSteps: plan.verification_steps,
    timeEstimateMinutes: plan.time_estimate_minutes,
  };
}
