import { type ContentInput } from './change-request.commands';
import { refuse } from './change-request.errors';
import { type ChangeContent, type PolicyInForce } from './change-request.model';

/**
 * A requester's content as the change request records it: the change type named as the policy
 * knows it, defaults filled in, a standard change tied to its catalogue template. Used by create
 * and amend, so both hold content to the same rules.
 */
export function normaliseContent(
  input: ContentInput,
  policy: PolicyInForce,
  forcedCategory: ChangeContent['category'] | undefined,
): ChangeContent {
  const category = forcedCategory ?? input.category ?? 'normal';
  const changeType = policy.changeTypeAliases[input.changeType] ?? input.changeType;
  if (!policy.changeTypes.includes(changeType)) {
    throw refuse.invalid(
      'change_type',
      `must be one of ${[...policy.changeTypes, ...Object.keys(policy.changeTypeAliases)].join(', ')}`,
    );
  }
  if (input.affectedSystems.length === 0)
    throw refuse.invalid('affected_systems', 'name at least one affected system');
  let standardTemplateId = input.standardTemplateId ?? null;
  if (category === 'standard') {
    const template = policy.standardChangeCatalogue.find(
      (entry) => entry.id === standardTemplateId,
    );
    if (!template) {
      throw refuse.invalid(
        'standard_template_id',
        `a standard change follows a pre-approved template: one of ${policy.standardChangeCatalogue.map((entry) => entry.id).join(', ')}`,
      );
    }
  } else {
    standardTemplateId = null;
  }
  return {
    title: input.title,
    description: input.description,
    businessJustification: input.businessJustification ?? null,
    changeTypeRequested: input.changeType,
    changeType,
    category,
    priority: input.priority,
    urgency: input.urgency ?? (category === 'emergency' ? 'emergency' : null),
    affectedSystems: [...input.affectedSystems],
    impactScope: input.impactScope ?? null,
    riskLevel: input.riskLevel ?? null,
    riskAssessment: input.riskAssessment ?? null,
    rollbackPlan: input.rollbackPlan ?? null,
    testingRequired: input.testingRequired ?? false,
    testPlan: input.testPlan ?? null,
    testEnvironment: input.testEnvironment ?? null,
    securityConsiderations: input.securityConsiderations ?? null,
    implementationPlan: input.implementationPlan ?? null,
    scheduledFor: input.scheduledFor ?? null,
    links: { ...(input.links ?? {}) },
    standardTemplateId,
  };
}

/** Recorded content back in the requester's terms, to apply an amendment on top of it. */
export function toInput(content: ChangeContent): ContentInput {
  const { changeTypeRequested, changeType: _normalised, ...rest } = content;
  return { ...rest, changeType: changeTypeRequested };
}
