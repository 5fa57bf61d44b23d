import { type ChangeContent, isComplete } from '../change-request/change-request.model';
import { type FieldProblem } from '../errors/ledger-error';
import { type Policy, type Priority } from '../policy/policy';
import {
  type StandardChangeTemplate,
  type TemplateDefinition,
} from './standard-change-template.model';

/**
 * Whether a standard change fits its template: the rule that makes a label worth nothing on its
 * own. Every constraint of the template's version in force is checked and each one missed is
 * named (field and why), so the requester sees all of them at once.
 */

const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const RISK_RANK = { low: 0, medium: 1, high: 2 } as const;

/** Why the template pre-approves nothing now, or null when it is in force. */
export function notInForce(template: StandardChangeTemplate): string | null {
  switch (template.status) {
    case 'active':
      return null;
    case 'proposed':
      return `template ${template.id} awaits the CAB's approval of its first version`;
    case 'rejected':
      return `template ${template.id} has no approved version`;
    case 'suspended':
      return `template ${template.id} is suspended since ${template.suspension!.at} (${template.suspension!.changeRequestId} ${template.suspension!.reason === 'rolled_back' ? 'was rolled back' : 'caused an incident'}) until the CAB re-approves it`;
    case 'retired':
      return `template ${template.id} was retired on ${template.retired!.at}`;
  }
}

/** Each constraint of `definition` the content misses; empty when it fits. */
export function misfits(
  content: ChangeContent,
  templateId: string,
  definition: TemplateDefinition,
  policy: Policy,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const under = `template ${templateId}`;
  if (!definition.changeTypes.includes(content.changeType)) {
    problems.push({
      field: 'change_type',
      reason: `${content.changeType} is not a change type ${under} allows (${definition.changeTypes.join(', ')})`,
    });
  }
  if (PRIORITY_RANK[content.priority] > PRIORITY_RANK[definition.maxPriority]) {
    problems.push({
      field: 'priority',
      reason: `${content.priority} is above the highest priority ${under} allows (${definition.maxPriority})`,
    });
  }
  if (content.riskLevel === null) {
    problems.push({
      field: 'risk_level',
      reason: `a standard change states its risk level; ${under} allows at most ${definition.maxRiskLevel}`,
    });
  } else if (RISK_RANK[content.riskLevel] > RISK_RANK[definition.maxRiskLevel]) {
    problems.push({
      field: 'risk_level',
      reason: `${content.riskLevel} is above the highest risk ${under} allows (${definition.maxRiskLevel})`,
    });
  }
  content.affectedSystems.forEach((system, index) => {
    if (!definition.affectedSystems.some((pattern) => systemMatches(pattern, system))) {
      problems.push({
        field: `affected_systems[${index}]`,
        reason: `${system} is not among the systems ${under} covers (${definition.affectedSystems.join(', ')})`,
      });
    }
  });
  const testPlanBy = definition.testPlanRequired
    ? under
    : policy.testing.requiredFor.includes(content.changeType)
      ? `the policy (testing is required for ${content.changeType} changes)`
      : content.testingRequired
        ? 'testing_required'
        : null;
  if (testPlanBy !== null && !content.testPlan) {
    problems.push({ field: 'test_plan', reason: `is required by ${testPlanBy}` });
  }
  if (!isComplete(content.rollbackPlan)) {
    problems.push({
      field: 'rollback_plan',
      reason: definition.rollbackPlan
        ? `must keep the five parts of 003 §4 (${under} fills them in when none is given)`
        : `must have the five parts of 003 §4: ${under} has no plan to fill in`,
    });
  }
  return problems;
}

/**
 * A system name against a template's entry: the same name (case aside), or a pattern where `*`
 * stands for any run of characters (`payments-*`, `*`). Nothing else is special.
 */
export function systemMatches(pattern: string, system: string): boolean {
  // Greedy glob matching, linear in practice: a regex of `.*` per star backtracks exponentially
  // on patterns like `*a*a*a*b` against a long name.
  const parts = pattern.toLowerCase().split('*');
  const name = system.toLowerCase();
  const first = parts[0]!;
  if (parts.length === 1) return name === first;
  const last = parts[parts.length - 1]!;
  if (!name.startsWith(first) || !name.endsWith(last) || first.length + last.length > name.length)
    return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = name.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}
