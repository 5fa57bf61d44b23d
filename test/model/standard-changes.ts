import { Refused } from './principals';
import { type Priority, TESTING_REQUIRED_FOR } from './seed-rules';

/**
 * Standard changes in the model (SOC-CATEGORIES, ADR 0021): the governed catalogue. The seed policy's
 * three entries are its first version, in force (the model never proposes, suspends or retires
 * a template: the suspension watcher does not run in the tests' API). A standard change names a
 * template of the catalogue (else 400 naming it, even a draft); when submitted it must fit the
 * template's version in force — its change types, at most its priority and risk level (a risk
 * level stated), its systems, a test plan when the template or the policy asks one, a complete
 * five-part rollback plan (the template's when the change brings none) — or is refused (seed
 * policy: `outside_template: refuse`); an amendment of a pre-approved one is judged again. Its
 * requester may implement it.
 */
export interface Template {
  changeTypes: readonly string[];
  maxPriority: Priority;
  maxRiskLevel: RiskLevel;
  /** Names, or patterns where `*` stands for any run of characters. */
  affectedSystems: readonly string[];
  testPlanRequired: boolean;
}

export type RiskLevel = 'low' | 'medium' | 'high';

/** config/policy.yaml's `standard_change_catalogue`, written out by hand. */
export const TEMPLATES: Readonly<Record<string, Template>> = {
  'dependency-update': {
    changeTypes: ['bugfix'],
    maxPriority: 'medium',
    maxRiskLevel: 'low',
    affectedSystems: ['*'],
    testPlanRequired: true,
  },
  'certificate-renewal': {
    changeTypes: ['configuration'],
    maxPriority: 'high',
    maxRiskLevel: 'low',
    affectedSystems: ['*'],
    testPlanRequired: false,
  },
  'config-value-change': {
    changeTypes: ['configuration'],
    maxPriority: 'medium',
    maxRiskLevel: 'low',
    affectedSystems: ['*'],
    testPlanRequired: false,
  },
};

export const CATALOGUE = Object.keys(TEMPLATES);

/** A template id the catalogue does not hold, for the model to try. */
export const NOT_IN_CATALOGUE = 'hand-rolled-template';

/** What an instance is judged on: the parts of the model's content a template constrains. */
export interface StandardInstance {
  changeType: string;
  priority: Priority;
  riskLevel: RiskLevel | null;
  affectedSystems: readonly string[];
  testPlan: string | null;
  testingRequired: boolean;
  rollbackPlanComplete: boolean;
}

const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const RISK_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

const matches = (pattern: string, system: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(system);

/** Why a change may not name this template at all (creation, draft or not), or null. */
export function unknownTemplate(templateId: string | null): Refused | null {
  return templateId !== null && templateId in TEMPLATES
    ? null
    : new Refused(400, 'CHANGE_REQUEST.INVALID');
}

/** The constraints of the template the instance misses (empty when it fits). */
export function misfits(templateId: string, instance: StandardInstance): string[] {
  const template = TEMPLATES[templateId]!;
  const missed: string[] = [];
  if (!template.changeTypes.includes(instance.changeType)) missed.push('change_type');
  if (PRIORITY_RANK[instance.priority] > PRIORITY_RANK[template.maxPriority])
    missed.push('priority');
  if (
    instance.riskLevel === null ||
    RISK_RANK[instance.riskLevel] > RISK_RANK[template.maxRiskLevel]
  )
    missed.push('risk_level');
  if (
    !instance.affectedSystems.every((system) =>
      template.affectedSystems.some((pattern) => matches(pattern, system)),
    )
  )
    missed.push('affected_systems');
  const testPlanRequired =
    template.testPlanRequired ||
    TESTING_REQUIRED_FOR.includes(instance.changeType) ||
    instance.testingRequired;
  if (testPlanRequired && !instance.testPlan) missed.push('test_plan');
  if (!instance.rollbackPlanComplete) missed.push('rollback_plan');
  return missed;
}

/** Why submitting (or amending a pre-approved) standard change is refused, or null: it fits. */
export function outsideTemplate(templateId: string, instance: StandardInstance): Refused | null {
  return misfits(templateId, instance).length === 0
    ? null
    : new Refused(400, 'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE');
}

/** SOC-CATEGORIES "self-approved (engineer)": the policy's requester_may_implement_standard. */
export const REQUESTER_MAY_IMPLEMENT_STANDARD = true;
