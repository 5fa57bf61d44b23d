import { rollbackPlan, RISK_LEVELS } from '../change-request/change-content';
import { flag, oneOf, text, texts } from '../change-request/guards';
import { isComplete } from '../change-request/change-request.model';
import {
  type Policy,
  PRIORITIES,
  type StandardChangeCatalogueEntry as PolicyCatalogueEntry,
} from '../policy/policy';
import { type TemplateDefinitionInput } from './standard-change-template.commands';
import { asTemplateInput, refuseTemplate } from './standard-change-template.errors';
import { type TemplateDefinition } from './standard-change-template.model';

/**
 * A proposed definition as the template records it: each field checked with the change request's
 * own guards, change types named as the policy knows them, and a rollback plan with all five parts
 * of SOC-ROLLBACK-PLAN (the plan every instance starts from).
 */
export function templateDefinition(
  input: TemplateDefinitionInput,
  policy: Policy,
): TemplateDefinition {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw refuseTemplate.invalid('body', 'must be an object with the template definition');
  }
  return asTemplateInput(() => {
    const changeTypes = texts('change_types', input.changeTypes, { min: 1 }).map((type, index) => {
      const named = policy.changeTypeAliases[type] ?? type;
      if (!policy.changeTypes.includes(named)) {
        throw refuseTemplate.invalid(
          `change_types[${index}]`,
          `must be one of ${[...policy.changeTypes, ...Object.keys(policy.changeTypeAliases)].join(', ')}`,
        );
      }
      return named;
    });
    const plan = rollbackPlan(input.rollbackPlan);
    if (plan === null || typeof plan === 'string' || !isComplete(plan)) {
      throw refuseTemplate.invalid(
        'rollback_plan',
        'a template carries the five parts of 003 §4 (trigger condition, steps, owner, verification steps, time estimate), each filled in',
      );
    }
    return {
      title: text('title', input.title),
      description: text('description', input.description),
      changeTypes: [...new Set(changeTypes)],
      maxPriority: oneOf('max_priority', input.maxPriority, PRIORITIES),
      maxRiskLevel: oneOf('max_risk_level', input.maxRiskLevel, RISK_LEVELS),
      affectedSystems: [...new Set(texts('affected_systems', input.affectedSystems, { min: 1 }))],
      testPlanRequired: flag('test_plan_required', input.testPlanRequired),
      rollbackPlan: plan,
    };
  });
}

/** An entry of the policy file's catalogue as version 1 of its template. */
export function definitionFromPolicy(entry: PolicyCatalogueEntry): TemplateDefinition {
  return {
    title: entry.title,
    description: entry.description,
    changeTypes: [entry.changeType],
    maxPriority: entry.maxPriority,
    maxRiskLevel: entry.maxRiskLevel,
    affectedSystems: entry.affectedSystems,
    testPlanRequired: entry.testPlanRequired,
    rollbackPlan: entry.rollbackPlan,
  };
}
