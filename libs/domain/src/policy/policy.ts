import { type ChangeCalendar } from '../calendar/change-calendar';
import { type RiskLevel, type RollbackPlan } from '../change-request/change-request.model';

/**
 * The change-management policy in force, as the domain reads it: which approvals a change needs,
 * the deadlines, the standard-change catalogue. Loaded and validated from YAML by libs/policy
 * (the config.yaml of API-CONFIG, extended); here it is plain data. Every decision that depends on it
 * records `version`.
 */
export const CATEGORIES = ['standard', 'normal', 'major', 'emergency'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The keys of API-APPROVAL-LEVELS' approval_workflow: one per priority, plus emergency. */
export type ApprovalLevel = 'emergency' | 'critical' | 'high' | 'medium' | 'low';

export interface ApprovalRule {
  approvers: string[];
  approvalTimeoutMinutes: number;
}

/**
 * An entry of the policy file's standard-change catalogue. The file seeds the governed catalogue
 * once (docs/adr/0021-governed-standard-changes.md); from then on each template is a record of its
 * own (libs/domain/src/standard-change/), and these entries are no longer read.
 */
export interface StandardChangeCatalogueEntry {
  id: string;
  title: string;
  changeType: string;
  description: string;
  /** The constraints every instance is held to; the file's defaults when an entry leaves them out. */
  maxPriority: Priority;
  maxRiskLevel: RiskLevel;
  /** System names, or patterns with `*` (`payments-*`; `*` alone: any system). */
  affectedSystems: string[];
  testPlanRequired: boolean;
  /** The five parts of SOC-ROLLBACK-PLAN filled into an instance that brings none; null: each brings its own. */
  rollbackPlan: RollbackPlan | null;
}

/** How the standard-change catalogue is governed (`standard_changes` in the policy file). */
export interface StandardChangePolicy {
  /** The CAB: each role approves a template version, by different people, never its proposer. */
  templateApprovers: string[];
  /** Who may propose a template or a new version of one. */
  templateProposers: string[];
  /**
   * A standard change that does not fit its template (or whose template is not in force):
   * `refuse` it, naming each constraint, or record it as a `normal_change` needing its approvers.
   */
  outsideTemplate: 'refuse' | 'normal_change';
}

export interface Policy {
  /** A label and the SHA-256 of the file, e.g. `seed-2026-11@3f2a…`. */
  version: string;
  changeTypes: string[];
  /** Names requesters use for a change type, e.g. API-CR-FORM's `security_enhancement` → `security`. */
  changeTypeAliases: Record<string, string>;
  approvalWorkflow: Partial<Record<ApprovalLevel, ApprovalRule>> &
    Record<'emergency' | 'high' | 'medium' | 'low', ApprovalRule>;
  /** Roles each category needs on top of its approval level (SOC-CATEGORIES). Standard: none, pre-approved. */
  categoryApprovers: Record<Category, string[]>;
  standardChangeCatalogue: StandardChangeCatalogueEntry[];
  standardChanges: StandardChangePolicy;
  testing: { requiredFor: string[]; testEnvironments: string[]; coverageRequired: number };
  emergency: { documentationWithinHours: number; postHocReviewWithinBusinessDays: number };
  verification: { minimumMonitoringMinutes: number };
  rollback: { postIncidentReviewWithinBusinessDays: number };
  exceptions: { approvers: string[] };
  roles: StepRoles;
  retention: RetentionPolicy;
  deployGates: DeployGatePolicy;
  /**
   * The CI sources a person's own credential may report facts for (none by default), and which
   * systems' changes the facts of a source may be recorded on (see ci/ci-reach.ts).
   */
  ciIngestion: { peopleMayReport: string[]; sourceSystems: SourceSystems[] };
  /** The services the policy names for people's steps (services are not people otherwise). */
  services: ServiceMandate[];
  /** When changes may go to production: windows, business hours, blackouts, notice (SOC-SCHEDULE). */
  calendar: ChangeCalendar;
}

/** CI sources (exact, or prefixes ending in `*`) and the affected systems they speak for. */
export interface SourceSystems {
  sources: string[];
  /** `*`: every system. */
  systems: string[];
}

/**
 * People's steps a service may take in their place (issue 25 §5): a bot that files standard
 * changes. Judgements (approve, reject, review, sign off an exception) are never delegated.
 */
export const DELEGABLE_STEPS = [
  'create',
  'create_emergency',
  'amend',
  'submit',
  'cancel',
  'schedule',
  'implement',
  'verify',
  'complete',
  'roll_back',
  'request_exception',
] as const;
export type DelegableStep = (typeof DELEGABLE_STEPS)[number];

/** The steps that are a person's judgement: no policy names a service for them. */
export const JUDGEMENT_STEPS = [
  'approve',
  'reject',
  'review',
  'approve_exception',
  'place_legal_hold',
  'release_legal_hold',
] as const;
export type JudgementStep = (typeof JUDGEMENT_STEPS)[number];

export interface ServiceMandate {
  /** The service's principal, as its credential names it (a token's `principal`, an OIDC client). */
  principal: string;
  steps: DelegableStep[];
  /** The categories of change it may take them on; empty: every category. */
  categories: Category[];
}

/**
 * Who may take the steps after approval. Implementers implement, verify, complete and roll back
 * (FLOW-ROLES "Engineer: proposes and implements", POL-ROLES "DevOps/Platform Team implements and
 * monitors"); a requester implements their own change only when it is a standard, self-approved
 * one (SOC-CATEGORIES) and the policy allows it. Reviews after the fact are given by the roles named per
 * kind (SOC-EMERG-PATH post-hoc: CISO or Engineering Lead; POL-EMERG-REVIEW: CAB or a designated reviewer).
 */
/**
 * What retention keeps and who may hold records back from it (SOC-RETAIN-3Y: change logs 3 years;
 * POL-RETAIN-12M: never less than 12 months). Each kind of record has its own period, counted from the
 * moment its clock starts (see libs/domain/src/retention/retained-record.ts).
 */
export interface RetentionPolicy {
  /** Calendar months each kind of record is kept; never below RETENTION_FLOOR_MONTHS. */
  periodMonths: Record<RetentionRecordKind, number>;
  /** Roles that may place and release legal holds. */
  legalHold: { placers: string[]; releasers: string[] };
}

/**
 * The kinds of record retention knows. Policy versions, checkpoints, retention runs and legal
 * holds are none of them: they are never pruned.
 */
export const RETENTION_RECORD_KINDS = [
  'change_request',
  'ci_event',
  'unlinked_deployment',
] as const;
export type RetentionRecordKind = (typeof RETENTION_RECORD_KINDS)[number];

/** POL-RETAIN-12M: records are kept at least 12 months. The database enforces the same floor. */
export const RETENTION_FLOOR_MONTHS = 12;

export interface StepRoles {
  implementers: string[];
  requesterMayImplementStandard: boolean;
  reviewers: Record<'post_hoc' | 'post_incident' | 'post_implementation', string[]>;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly deployment window in UTC, e.g. Mon–Thu 06:00–16:00 (SOC-SCHEDULE: avoid peak hours). */
export interface DeploymentWindow {
  days: Weekday[];
  /** Minutes after 00:00 UTC: start inclusive, end exclusive. */
  startMinute: number;
  endMinute: number;
}

/** What SOC-GATES's gates before production need beyond the rest of the policy. */
export interface DeployGatePolicy {
  codeReview: { minimumReviewers: number; seniorReviewers: string[] };
  /**
   * The UTC windows of policies written before the change calendar; the calendar supersedes them
   * for a scheduled change or one the calendar places. None: they do not apply.
   */
  deploymentWindows: DeploymentWindow[];
}

export interface RequiredApproval {
  role: string;
}

/**
 * The approvals a change needs: the roles of its approval level (API-APPROVAL-LEVELS: by priority, or emergency)
 * and of its category (SOC-CATEGORIES), each role once. Standard changes are pre-approved: none.
 * A `critical` priority without a rule of its own is held to `high`'s.
 */
export function requiredApprovals(
  policy: Policy,
  category: Category,
  priority: Priority,
): RequiredApproval[] {
  if (category === 'standard') return [];
  const rule = approvalRule(policy, category, priority);
  const roles = [...rule.approvers, ...policy.categoryApprovers[category]];
  return [...new Set(roles)].map((role) => ({ role }));
}

export function approvalRule(policy: Policy, category: Category, priority: Priority): ApprovalRule {
  if (category === 'emergency') return policy.approvalWorkflow.emergency;
  return policy.approvalWorkflow[priority] ?? policy.approvalWorkflow.high;
}
