import { CATEGORIES, PRIORITIES } from '../policy/policy';
import { type StandardTemplatesInForce } from '../standard-change/standard-change-template.model';
import { type ContentInput } from './change-request.commands';
import { refuse } from './change-request.errors';
import {
  type ChangeContent,
  type ChangeLinks,
  type PolicyInForce,
  type RollbackPlan,
} from './change-request.model';
import {
  flag,
  minutes,
  oneOf,
  optionalInstant,
  optionalOneOf,
  optionalText,
  text,
  texts,
} from './guards';
import { namedTemplate, prefilledRollbackPlan } from './standard-template';

const URGENCIES = ['emergency', 'high', 'medium', 'low'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
const LINKS = ['repository', 'pullRequest', 'commitSha', 'artifactDigest'] as const;

/**
 * A requester's content as the change request records it: the change type named as the policy
 * knows it, defaults filled in, a standard change tied to its catalogue template (whose rollback
 * plan it starts from when it brings none). Used by create and amend, so both hold content to the
 * same rules.
 */
export function normaliseContent(
  input: ContentInput,
  policy: PolicyInForce,
  forcedCategory: ChangeContent['category'] | undefined,
  templates: StandardTemplatesInForce,
): ChangeContent {
  const category = forcedCategory ?? oneOf('category', input.category ?? 'normal', CATEGORIES);
  const requestedType = text('change_type', input.changeType);
  const changeType = policy.changeTypeAliases[requestedType] ?? requestedType;
  if (!policy.changeTypes.includes(changeType)) {
    throw refuse.invalid(
      'change_type',
      `must be one of ${[...policy.changeTypes, ...Object.keys(policy.changeTypeAliases)].join(', ')}`,
    );
  }
  const affectedSystems = texts('affected_systems', input.affectedSystems, { min: 1 });
  const standardTemplateId =
    category === 'standard' ? optionalText('standard_template_id', input.standardTemplateId) : null;
  const template =
    category === 'standard' ? namedTemplate(standardTemplateId, templates) : undefined;
  const plan = rollbackPlan(input.rollbackPlan);
  return {
    title: text('title', input.title),
    description: text('description', input.description),
    businessJustification: optionalText('business_justification', input.businessJustification),
    changeTypeRequested: requestedType,
    changeType,
    category,
    priority: oneOf('priority', input.priority, PRIORITIES),
    urgency:
      optionalOneOf('urgency', input.urgency, URGENCIES) ??
      (category === 'emergency' ? 'emergency' : null),
    affectedSystems: [...affectedSystems],
    impactScope: optionalText('impact_scope', input.impactScope),
    riskLevel: optionalOneOf('risk_level', input.riskLevel, RISK_LEVELS),
    riskAssessment: optionalText('risk_assessment', input.riskAssessment),
    rollbackPlan: template ? prefilledRollbackPlan(plan, template) : plan,
    testingRequired: flag('testing_required', input.testingRequired ?? false),
    testPlan: optionalText('test_plan', input.testPlan),
    testEnvironment: optionalText('test_environment', input.testEnvironment),
    securityConsiderations: optionalText('security_considerations', input.securityConsiderations),
    implementationPlan: optionalText('implementation_plan', input.implementationPlan),
    scheduledFor: optionalInstant('scheduled_for', input.scheduledFor),
    links: links(input.links),
    standardTemplateId,
  };
}

/**
 * A plan in prose, or the five parts of SOC-ROLLBACK-PLAN, each of the right type; the parts may still be
 * incomplete (an emergency change documents them later: see isComplete and the deploy gate).
 */
export function rollbackPlan(plan: unknown): RollbackPlan | string | null {
  if (plan === undefined || plan === null) return null;
  if (typeof plan === 'string') return text('rollback_plan', plan);
  if (typeof plan !== 'object' || Array.isArray(plan)) {
    throw refuse.invalid('rollback_plan', 'must be a text or an object with the parts of 003 §4');
  }
  const parts = plan as Record<string, unknown>;
  const part = (name: keyof RollbackPlan, field: string): string => {
    const value = parts[name];
    if (typeof value !== 'string')
      throw refuse.invalid(`rollback_plan.${field}`, 'must be a string');
    return value;
  };
  return {
    triggerCondition: part('triggerCondition', 'trigger_condition'),
    steps: texts('rollback_plan.steps', parts.steps),
    owner: part('owner', 'owner'),
    verificationSteps: texts('rollback_plan.verification_steps', parts.verificationSteps),
    timeEstimateMinutes: minutes(
      'rollback_plan.time_estimate_minutes',
      parts.timeEstimateMinutes,
      0,
    ),
  };
}

function links(value: unknown): ChangeLinks {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw refuse.invalid('links', 'must be an object');
  }
  const given = value as Record<string, unknown>;
  const result: ChangeLinks = {};
  for (const key of LINKS) {
    const link = optionalText(`links.${key}`, given[key]);
    if (link !== null) result[key] = link;
  }
  return result;
}

/** Recorded content back in the requester's terms, to apply an amendment on top of it. */
export function toInput(content: ChangeContent): ContentInput {
  const { changeTypeRequested, changeType: _normalised, ...rest } = content;
  return { ...rest, changeType: changeTypeRequested };
}

/**
 * Whether two content values are the same, whatever the order of an object's keys: content read
 * back from the store (PostgreSQL's jsonb orders keys its own way) equals content as sent.
 * Arrays keep their order (affected systems, steps).
 */
export function sameValue(one: unknown, other: unknown): boolean {
  if (one === other) return true;
  if (typeof one !== 'object' || typeof other !== 'object' || one === null || other === null)
    return false;
  if (Array.isArray(one) || Array.isArray(other)) {
    return (
      Array.isArray(one) &&
      Array.isArray(other) &&
      one.length === other.length &&
      one.every((item, index) => sameValue(item, other[index]))
    );
  }
  const keys = Object.keys(one);
  const otherRecord = other as Record<string, unknown>;
  return (
    keys.length === Object.keys(other).length &&
    keys.every(
      (key) =>
        Object.hasOwn(otherRecord, key) &&
        sameValue((one as Record<string, unknown>)[key], otherRecord[key]),
    )
  );
}
