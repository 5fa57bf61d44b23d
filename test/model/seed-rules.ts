/**
 * The seeds' rules as the reference model states them, written out from the documents (docs/requirements.md)
 * and config/policy.yaml by hand rather than read through the ledger's own policy loader: the
 * model is a second, independent statement of the rules, so a disagreement is either side's bug.
 */

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Category = 'standard' | 'normal' | 'major' | 'emergency';

/** API-APPROVAL-LEVELS' approval_workflow (critical has no rule of its own: it is held to high's). */
const WORKFLOW: Record<
  'emergency' | 'high' | 'medium' | 'low',
  { roles: string[]; hours: number }
> = {
  emergency: { roles: ['security-team-lead', 'engineering-manager'], hours: 1 },
  high: { roles: ['security-team', 'engineering-manager', 'change-manager'], hours: 24 },
  medium: { roles: ['engineering-manager', 'change-manager'], hours: 72 },
  low: { roles: ['change-manager'], hours: 7 * 24 },
};

/** SOC-CATEGORIES: the roles each category needs on top of its approval level. */
const CATEGORY_ROLES: Record<Category, string[]> = {
  standard: [],
  normal: ['engineering-manager', 'qa'],
  major: ['engineering-manager', 'ciso'],
  emergency: ['ciso'],
};

const levelOf = (category: Category, priority: Priority) =>
  category === 'emergency' ? 'emergency' : priority === 'critical' ? 'high' : priority;

/** The roles a change needs, each once, in the order the policy names them. */
export function requiredRoles(category: Category, priority: Priority): string[] {
  if (category === 'standard') return [];
  return [
    ...new Set([...WORKFLOW[levelOf(category, priority)].roles, ...CATEGORY_ROLES[category]]),
  ];
}

export function approvalTimeoutHours(category: Category, priority: Priority): number {
  return WORKFLOW[levelOf(category, priority)].hours;
}

export const CHANGE_TYPES = ['security', 'feature', 'bugfix', 'infrastructure', 'configuration'];
/** API-TESTING: testing is required for these types (a test plan before submission). */
export const TESTING_REQUIRED_FOR = ['security', 'infrastructure'];

/** Who takes the steps after approval (`roles` of the policy file). */
export const IMPLEMENTER_ROLES = ['engineer', 'platform-team'];
export const REVIEWER_ROLES = {
  post_hoc: ['ciso', 'engineering-manager', 'change-manager'],
  post_incident: ['security-team', 'engineering-manager', 'change-manager', 'ciso'],
  post_implementation: ['engineering-manager', 'change-manager', 'qa'],
} as const;
export type ReviewKind = keyof typeof REVIEWER_ROLES;
/** POL-EXCEPTIONS: an exception is signed off by both, in any order, by two people. */
export const EXCEPTION_ROLES = ['head-of-engineering', 'security-officer'];

/** FLOW-VERIFY-30M, SOC-EMERG-24H, SOC-EMERG-REVIEW, SOC-ROLLBACK-INCIDENT, SOC-SCHEDULE. */
export const MINIMUM_MONITORING_MINUTES = 30;
export const EMERGENCY_DOCUMENTATION_HOURS = 24;
export const REVIEW_BUSINESS_DAYS = 5;
export const NOTICE_HOURS = 24;

const MINUTE = 60_000;
export const plusMinutes = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MINUTE).toISOString();

/** Business days skip Saturdays and Sundays (UTC), same time of day; holidays are not modelled. */
export function plusBusinessDays(iso: string, days: number): string {
  const date = new Date(iso);
  for (let left = days; left > 0;) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) left -= 1;
  }
  return date.toISOString();
}
