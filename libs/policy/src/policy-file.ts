import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  CATEGORIES,
  type Category,
  type ChangeCalendar,
  DELEGABLE_STEPS,
  type DelegableStep,
  JUDGEMENT_STEPS,
  normaliseSourcePattern,
  instantInZone,
  isKnownTimeZone,
  LedgerError,
  type Policy,
  RETENTION_FLOOR_MONTHS,
  RETENTION_RECORD_KINDS,
  type RetentionRecordKind,
  PRIORITIES,
  type Priority,
  type Weekday,
  WEEKDAYS,
} from '@change-ledger/domain';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  type ValidationError,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { parse as parseYaml } from 'yaml';

/**
 * The policy file: API-CONFIG's config.yaml, which loads as it stands, with the extensions the other
 * seeds call for. Validated once at start-up; every bad key is reported with its path and why.
 */
const DURATION = /^\d+(m|h|d)$/;
const DURATION_MESSAGE = 'must be a duration like "30m", "24h" or "7d"';

class ApprovalLevelFile {
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  approvers!: string[];

  @Matches(DURATION, { message: DURATION_MESSAGE })
  approval_timeout!: string;
}

class ApprovalWorkflowFile {
  @IsDefined() @ValidateNested() @Type(() => ApprovalLevelFile) emergency!: ApprovalLevelFile;
  @IsOptional() @ValidateNested() @Type(() => ApprovalLevelFile) critical?: ApprovalLevelFile;
  @IsDefined() @ValidateNested() @Type(() => ApprovalLevelFile) high!: ApprovalLevelFile;
  @IsDefined() @ValidateNested() @Type(() => ApprovalLevelFile) medium!: ApprovalLevelFile;
  @IsDefined() @ValidateNested() @Type(() => ApprovalLevelFile) low!: ApprovalLevelFile;
}

class CategoriesFile {
  @IsArray() @IsString({ each: true }) standard: string[] = [];
  @IsArray() @IsString({ each: true }) normal: string[] = ['engineering-manager', 'qa'];
  @IsArray() @IsString({ each: true }) major: string[] = ['engineering-manager', 'ciso'];
  @IsArray() @IsString({ each: true }) emergency: string[] = ['ciso'];
}

/** SOC-ROLLBACK-PLAN's five parts, as a catalogue entry pre-fills them into its instances. */
class RollbackPlanFile {
  @IsString() trigger_condition!: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) steps!: string[];
  @IsString() owner!: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) verification_steps!: string[];
  @IsInt() @Min(1) @Max(525_600) time_estimate_minutes!: number;
}

/**
 * An entry of the catalogue the governed one is seeded from (once, ADR 0021). The constraints an
 * entry leaves out take the defaults written here: low risk, at most medium priority, any system,
 * a test plan.
 */
class StandardChangeTemplateFile {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a lower-case slug' }) id!: string;
  @IsString() title!: string;
  @IsString() change_type!: string;
  @IsString() description!: string;
  @IsIn(PRIORITIES) max_priority: Priority = 'medium';
  @IsIn(['low', 'medium', 'high']) max_risk_level: 'low' | 'medium' | 'high' = 'low';
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) affected_systems: string[] = ['*'];
  @IsBoolean() test_plan_required = true;
  @IsOptional() @ValidateNested() @Type(() => RollbackPlanFile) rollback_plan?: RollbackPlanFile;
}

/** How the catalogue is governed; see config/policy.yaml § standard_changes. */
class StandardChangesFile {
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) template_approvers: string[] = [
    'change-manager',
    'engineering-manager',
    'security-team',
  ];
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) template_proposers: string[] = [
    'engineer',
    'platform-team',
    'engineering-manager',
    'change-manager',
    'security-team',
  ];
  @IsIn(['refuse', 'normal_change']) outside_template: 'refuse' | 'normal_change' = 'refuse';
}

class TestingFile {
  @IsArray() @IsString({ each: true }) required_for: string[] = [];
  @IsArray() @IsString({ each: true }) test_environments: string[] = ['staging'];
  @IsInt() @Min(0) @Max(100) test_coverage_required = 80;
}

class EmergencyFile {
  @Matches(DURATION, { message: DURATION_MESSAGE }) documentation_within = '24h';
  @IsInt() @Min(1) post_hoc_review_within_business_days = 5;
}

class VerificationFile {
  @Matches(DURATION, { message: DURATION_MESSAGE }) minimum_monitoring = '30m';
}

class RollbackFile {
  @IsInt() @Min(1) post_incident_review_within_business_days = 5;
}

/** Who may take each step after approval (FLOW-ROLES, POL-ROLES, SOC-CATEGORIES, SOC-ROLLBACK-INCIDENT, SOC-EMERG-PATH); see config/policy.yaml. */
class RolesFile {
  @IsArray() @IsString({ each: true }) implementers: string[] = ['engineer', 'platform-team'];
  @IsBoolean() requester_may_implement_standard = true;
  @IsArray() @IsString({ each: true }) post_hoc_reviewers: string[] = [
    'ciso',
    'engineering-manager',
    'change-manager',
  ];
  @IsArray() @IsString({ each: true }) post_incident_reviewers: string[] = [
    'security-team',
    'engineering-manager',
    'change-manager',
    'ciso',
  ];
  @IsArray() @IsString({ each: true }) post_implementation_reviewers: string[] = [
    'engineering-manager',
    'change-manager',
    'qa',
  ];
}

class ExceptionsFile {
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) approvers: string[] = [
    'head-of-engineering',
    'security-officer',
  ];
}

const RETENTION_PERIOD = /^([1-9]\d{0,3}) (year|years|month|months)$/;
const RETENTION_PERIOD_MESSAGE = 'must be a period like "3 years" or "18 months"';

/** POL-ROLES names who guards the records; the issue's defaults: security, engineering, audit. */
class LegalHoldRolesFile {
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) placed_by: string[] = [
    'security-officer',
    'head-of-engineering',
    'auditor',
  ];
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) released_by: string[] = [
    'security-officer',
    'head-of-engineering',
  ];
}

/**
 * SOC-RETAIN-3Y: change logs are kept at least 3 years; nothing below POL-RETAIN-12M's 12 months (refused at
 * load, and by the database's deletion function whatever the file says). `years` is the period
 * of every kind not given its own.
 */
class RetentionFile {
  @IsInt() @Min(1) years = 3;
  @IsOptional()
  @Matches(RETENTION_PERIOD, { message: RETENTION_PERIOD_MESSAGE })
  change_requests?: string;
  @IsOptional()
  @Matches(RETENTION_PERIOD, { message: RETENTION_PERIOD_MESSAGE })
  ci_events?: string;
  @IsOptional()
  @Matches(RETENTION_PERIOD, { message: RETENTION_PERIOD_MESSAGE })
  unlinked_deployments?: string;
  @ValidateNested() @Type(() => LegalHoldRolesFile) legal_hold: LegalHoldRolesFile =
    new LegalHoldRolesFile();
}

const RETENTION_KEYS: Record<
  RetentionRecordKind,
  'change_requests' | 'ci_events' | 'unlinked_deployments'
> = {
  change_request: 'change_requests',
  ci_event: 'ci_events',
  unlinked_deployment: 'unlinked_deployments',
};

function retentionMonths(file: RetentionFile): Record<RetentionRecordKind, number> {
  const months = (period: string | undefined) => {
    if (period === undefined) return file.years * 12;
    const [, amount, unit] = RETENTION_PERIOD.exec(period)!;
    return Number(amount) * (unit!.startsWith('year') ? 12 : 1);
  };
  return Object.fromEntries(
    RETENTION_RECORD_KINDS.map((kind) => [kind, months(file[RETENTION_KEYS[kind]])]),
  ) as Record<RetentionRecordKind, number>;
}

export const NOTIFICATION_CHANNELS = ['email', 'slack', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Who is told what, and where (the policy file's `notifications`). */
export interface NotificationPolicy {
  enabled: boolean;
  channels: NotificationChannel[];
  recipients: string[];
  emailFrom: string;
  emergencyChannel: string;
  securityRoles: string[];
  escalationRoles: string[];
  /** Who may resend a parked delivery and replay a window for a channel (issue 28). */
  operatorRoles: string[];
  addresses: Record<string, { email: string[]; slack: string | null }>;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

class DeploymentWindowFile {
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(WEEKDAYS, { each: true, message: `each day must be one of ${WEEKDAYS.join(', ')}` })
  days!: Weekday[];
  @Matches(CLOCK_TIME, { message: 'must be a UTC time like "06:00"' }) start!: string;
  @Matches(CLOCK_TIME, { message: 'must be a UTC time like "16:00"' }) end!: string;
}

class CodeReviewFile {
  /** SOC-GATES: at least two reviewers, one of them a senior engineer. */
  @IsInt() @Min(1) minimum_reviewers = 2;
  @IsArray() @IsString({ each: true }) senior_reviewers: string[] = [];
}

class SourceSystemsFile {
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) sources!: string[];
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) systems!: string[];
}

/**
 * Who reports CI facts: services bound to their sources (credentials), and people only for the
 * sources listed here (exact, or a prefix ending in `*`), e.g. a manual-deployment checklist.
 */
class CiIngestionFile {
  @IsArray() @IsString({ each: true }) people_may_report: string[] = [];
  /**
   * Which systems' changes a source's facts may be recorded on, for changes that register no
   * repository (or one the source is not in): `{ sources: [...], systems: [...] }`.
   */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SourceSystemsFile)
  source_systems: SourceSystemsFile[] = [];
}

/**
 * A service named for people's steps (issue 25 §5): services are not people, so each step a
 * service takes in a person's place is listed, and judgements never are.
 */
class ServiceMandateFile {
  @IsString() @Matches(/\S/, { message: 'must name the service principal' }) principal!: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) steps!: string[];
  @IsArray()
  @IsIn(CATEGORIES, {
    each: true,
    message: `each category must be one of ${CATEGORIES.join(', ')}`,
  })
  categories: Category[] = [];
}

class DeployGatesFile {
  @ValidateNested() @Type(() => CodeReviewFile) code_review: CodeReviewFile = new CodeReviewFile();
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeploymentWindowFile)
  deployment_windows: DeploymentWindowFile[] = [];
}

/** A weekly slot in a named time zone: "Tue/Thu 02:00–04:00 Europe/Berlin". */
class WeeklySlotFile {
  @IsOptional() @IsString() name?: string;
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(WEEKDAYS, { each: true, message: `each day must be one of ${WEEKDAYS.join(', ')}` })
  days!: Weekday[];
  @Matches(CLOCK_TIME, { message: 'must be a wall-clock time like "02:00"' }) start!: string;
  @Matches(CLOCK_TIME, { message: 'must be a wall-clock time like "04:00"' }) end!: string;
  /** The slot's own zone; the calendar's `time_zone` when left out. */
  @IsOptional() @IsString() time_zone?: string;
}

/** A freeze, e.g. year-end: dates or date-times, read in `time_zone` unless they carry an offset. */
class BlackoutFile {
  @IsString() name!: string;
  @IsString() start!: string;
  @IsString() end!: string;
  @IsOptional() @IsString() time_zone?: string;
  @IsOptional() @IsString() reason?: string;
  /** SOC-EMERG-PATH: an emergency change goes ahead in a freeze unless the blackout says otherwise. */
  @IsBoolean() allow_emergency = true;
  @IsArray() @IsString({ each: true }) override_roles: string[] = [];
}

class PlacementRuleFile {
  @IsArray()
  @IsIn(CATEGORIES, {
    each: true,
    message: `each category must be one of ${CATEGORIES.join(', ')}`,
  })
  categories: Category[] = [];
  @IsArray()
  @IsIn(['low', 'medium', 'high'], {
    each: true,
    message: 'each risk level must be low, medium or high',
  })
  risk_levels: Array<'low' | 'medium' | 'high'> = [];
  @IsArray()
  @IsIn(PRIORITIES, {
    each: true,
    message: `each priority must be one of ${PRIORITIES.join(', ')}`,
  })
  priorities: Array<(typeof PRIORITIES)[number]> = [];
}

class PlacementFile {
  @ValidateNested() @Type(() => PlacementRuleFile) maintenance_window: PlacementRuleFile =
    new PlacementRuleFile();
  @ValidateNested() @Type(() => PlacementRuleFile) business_hours: PlacementRuleFile =
    new PlacementRuleFile();
}

/** The change calendar (SOC-SCHEDULE, OPS-WINDOW); left out, only the 24-hour notice applies. */
class CalendarFile {
  @IsString() time_zone = 'UTC';
  @Matches(DURATION, { message: DURATION_MESSAGE }) notice_period = '24h';
  @Matches(DURATION, { message: DURATION_MESSAGE }) default_change_duration = '2h';
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WeeklySlotFile)
  maintenance_windows: WeeklySlotFile[] = [];
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WeeklySlotFile)
  business_hours: WeeklySlotFile[] = [];
  @IsArray() @ValidateNested({ each: true }) @Type(() => BlackoutFile) blackouts: BlackoutFile[] =
    [];
  @ValidateNested() @Type(() => PlacementFile) placement: PlacementFile = new PlacementFile();
}

/** Where a role or a person is reached: email addresses and a Slack channel. */
class AddressFile {
  @IsArray() @IsString({ each: true }) email: string[] = [];
  @IsOptional()
  @Matches(/^#[\w.-]+$/, { message: 'must be a Slack channel like "#engineering"' })
  slack?: string;
}

/**
 * API-NOTIFY's notifications, extended with who is reached where. Endpoints and secrets (SMTP server,
 * Slack webhook URLs, the signed webhook's URL and key) are configuration of the process, not
 * policy: see the README.
 */
class NotificationsFile {
  @IsBoolean() enabled = false;
  @IsArray()
  @IsIn(NOTIFICATION_CHANNELS, {
    each: true,
    message: `each channel must be one of ${NOTIFICATION_CHANNELS.join(', ')}`,
  })
  channels: NotificationChannel[] = [];
  /** API-NOTIFY: the roles told of every change's schedule, emergencies, rollbacks and incidents. */
  @IsArray() @IsString({ each: true }) recipients: string[] = [];
  @IsString() email_from = 'change-ledger@localhost';
  /** FLOW-EMERG: "Post to #engineering Slack channel". */
  @Matches(/^#[\w.-]+$/, { message: 'must be a Slack channel like "#engineering"' })
  emergency_channel = '#engineering';
  /** Told of production changes no approved change request covers (POL-APPROVED-RECORD). */
  @IsArray() @IsString({ each: true }) security_roles: string[] = ['security-team'];
  /** Told when an approval is overdue and of missed deadlines. */
  @IsArray() @IsString({ each: true }) escalation_roles: string[] = ['change-manager'];
  /** May resend a parked delivery and replay a window of events for a channel (issue 28). */
  @IsArray() @IsString({ each: true }) operator_roles: string[] = ['change-manager'];
  /** Role names and principal ids to their addresses. */
  @IsObject() addresses: Record<string, AddressFile> = {};
}

class ChangeManagementFile {
  @IsBoolean() enabled = true;
  @IsOptional() @IsString() version?: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) change_types!: string[];
  @IsOptional() @IsObject() change_type_aliases: Record<string, string> = {};
  @IsDefined()
  @ValidateNested()
  @Type(() => ApprovalWorkflowFile)
  approval_workflow!: ApprovalWorkflowFile;
  @ValidateNested() @Type(() => CategoriesFile) categories: CategoriesFile = new CategoriesFile();
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StandardChangeTemplateFile)
  standard_change_catalogue: StandardChangeTemplateFile[] = [];
  @ValidateNested() @Type(() => StandardChangesFile) standard_changes: StandardChangesFile =
    new StandardChangesFile();
  @ValidateNested() @Type(() => TestingFile) testing: TestingFile = new TestingFile();
  @ValidateNested() @Type(() => EmergencyFile) emergency: EmergencyFile = new EmergencyFile();
  @ValidateNested() @Type(() => VerificationFile) verification: VerificationFile =
    new VerificationFile();
  @ValidateNested() @Type(() => RollbackFile) rollback: RollbackFile = new RollbackFile();
  @ValidateNested() @Type(() => ExceptionsFile) exceptions: ExceptionsFile = new ExceptionsFile();
  @ValidateNested() @Type(() => RolesFile) roles: RolesFile = new RolesFile();
  @ValidateNested() @Type(() => RetentionFile) retention: RetentionFile = new RetentionFile();
  @ValidateNested() @Type(() => NotificationsFile) notifications: NotificationsFile =
    new NotificationsFile();
  @ValidateNested() @Type(() => DeployGatesFile) deploy_gates: DeployGatesFile =
    new DeployGatesFile();
  @ValidateNested() @Type(() => CiIngestionFile) ci_ingestion: CiIngestionFile =
    new CiIngestionFile();
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ServiceMandateFile)
  services: ServiceMandateFile[] = [];
  @ValidateNested() @Type(() => CalendarFile) calendar: CalendarFile = new CalendarFile();
}

class PolicyFile {
  @IsDefined()
  @ValidateNested()
  @Type(() => ChangeManagementFile)
  change_management!: ChangeManagementFile;
}

export class InvalidPolicyError extends LedgerError {
  readonly code = 'POLICY.INVALID';
  readonly kind = 'invalid';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid policy ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, {
      source,
      problems,
    });
  }
}

/** A loaded policy and what it was loaded from, for the PolicyVersionActivated record. */
export interface LoadedPolicy {
  policy: Policy;
  notifications: NotificationPolicy;
  sha256: string;
  source: string;
  document: unknown;
}

export async function loadPolicyFile(path: string): Promise<LoadedPolicy> {
  return parsePolicy(await readFile(path, 'utf8'), path);
}

export function parsePolicy(text: string, source: string): LoadedPolicy {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new InvalidPolicyError(source, [
      `not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  if (typeof document !== 'object' || document === null || !('change_management' in document)) {
    throw new InvalidPolicyError(source, [
      'change_management: the policy document starts with a change_management section',
    ]);
  }
  const file = plainToInstance(PolicyFile, document, { exposeDefaultValues: true });
  const problems = validateSync(file, { forbidUnknownValues: false }).flatMap((error) =>
    describe(error, ''),
  );
  const config = file.change_management;
  if (problems.length === 0) problems.push(...crossChecks(config));
  if (problems.length > 0) throw new InvalidPolicyError(source, problems);

  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const level = (rule: ApprovalLevelFile) => ({
    approvers: rule.approvers,
    approvalTimeoutMinutes: minutes(rule.approval_timeout),
  });
  const workflow = config.approval_workflow;
  const policy: Policy = {
    version: `${config.version ?? 'policy'}@${sha256.slice(0, 12)}`,
    changeTypes: config.change_types,
    changeTypeAliases: config.change_type_aliases,
    approvalWorkflow: {
      emergency: level(workflow.emergency),
      high: level(workflow.high),
      medium: level(workflow.medium),
      low: level(workflow.low),
      ...(workflow.critical ? { critical: level(workflow.critical) } : {}),
    },
    categoryApprovers: {
      standard: config.categories.standard,
      normal: config.categories.normal,
      major: config.categories.major,
      emergency: config.categories.emergency,
    } satisfies Record<Category, string[]>,
    standardChangeCatalogue: config.standard_change_catalogue.map((entry) => ({
      id: entry.id,
      title: entry.title,
      changeType: entry.change_type,
      description: entry.description,
      maxPriority: entry.max_priority,
      maxRiskLevel: entry.max_risk_level,
      affectedSystems: entry.affected_systems,
      testPlanRequired: entry.test_plan_required,
      rollbackPlan: entry.rollback_plan
        ? {
            triggerCondition: entry.rollback_plan.trigger_condition,
            steps: entry.rollback_plan.steps,
            owner: entry.rollback_plan.owner,
            verificationSteps: entry.rollback_plan.verification_steps,
            timeEstimateMinutes: entry.rollback_plan.time_estimate_minutes,
          }
        : null,
    })),
    standardChanges: {
      templateApprovers: config.standard_changes.template_approvers,
      templateProposers: config.standard_changes.template_proposers,
      outsideTemplate: config.standard_changes.outside_template,
    },
    testing: {
      requiredFor: config.testing.required_for,
      testEnvironments: config.testing.test_environments,
      coverageRequired: config.testing.test_coverage_required,
    },
    emergency: {
      documentationWithinHours: minutes(config.emergency.documentation_within) / 60,
      postHocReviewWithinBusinessDays: config.emergency.post_hoc_review_within_business_days,
    },
    verification: { minimumMonitoringMinutes: minutes(config.verification.minimum_monitoring) },
    rollback: {
      postIncidentReviewWithinBusinessDays:
        config.rollback.post_incident_review_within_business_days,
    },
    exceptions: { approvers: config.exceptions.approvers },
    roles: {
      implementers: config.roles.implementers,
      requesterMayImplementStandard: config.roles.requester_may_implement_standard,
      reviewers: {
        post_hoc: config.roles.post_hoc_reviewers,
        post_incident: config.roles.post_incident_reviewers,
        post_implementation: config.roles.post_implementation_reviewers,
      },
    },
    retention: {
      periodMonths: retentionMonths(config.retention),
      legalHold: {
        placers: config.retention.legal_hold.placed_by,
        releasers: config.retention.legal_hold.released_by,
      },
    },
    deployGates: {
      codeReview: {
        minimumReviewers: config.deploy_gates.code_review.minimum_reviewers,
        seniorReviewers: config.deploy_gates.code_review.senior_reviewers,
      },
      deploymentWindows: config.deploy_gates.deployment_windows.map((window) => ({
        days: window.days,
        startMinute: clockMinutes(window.start),
        endMinute: clockMinutes(window.end),
      })),
    },
    calendar: calendarOf(config.calendar),
    ciIngestion: {
      peopleMayReport: config.ci_ingestion.people_may_report,
      sourceSystems: config.ci_ingestion.source_systems.map((entry) => ({
        sources: entry.sources,
        systems: entry.systems,
      })),
    },
    services: config.services.map((entry) => ({
      principal: entry.principal,
      steps: entry.steps as DelegableStep[],
      categories: entry.categories,
    })),
  };
  const notifications: NotificationPolicy = {
    enabled: config.notifications.enabled,
    channels: config.notifications.channels,
    recipients: config.notifications.recipients,
    emailFrom: config.notifications.email_from,
    emergencyChannel: config.notifications.emergency_channel,
    securityRoles: config.notifications.security_roles,
    escalationRoles: config.notifications.escalation_roles,
    operatorRoles: config.notifications.operator_roles,
    addresses: Object.fromEntries(
      Object.entries(addressesOf(config.notifications)).map(([name, address]) => [
        name,
        { email: address.email, slack: address.slack ?? null },
      ]),
    ),
  };
  return { policy, sha256, source, document, notifications };
}

/** `addresses` is a map, which class-validator does not descend into: each entry checked here. */
function addressesOf(file: NotificationsFile): Record<string, AddressFile> {
  return Object.fromEntries(
    Object.entries(file.addresses).map(([name, entry]) => [
      name,
      plainToInstance(AddressFile, entry ?? {}, { exposeDefaultValues: true }),
    ]),
  );
}

function notificationChecks(file: NotificationsFile): string[] {
  return Object.entries(addressesOf(file)).flatMap(([name, address]) =>
    validateSync(address).flatMap((error) =>
      describe(error, `change_management.notifications.addresses.${name}`),
    ),
  );
}

function calendarOf(file: CalendarFile): ChangeCalendar {
  const slot = (kind: string) => (entry: WeeklySlotFile, index: number) => ({
    name: entry.name ?? `${kind} ${index + 1}`,
    days: entry.days,
    start: entry.start,
    end: entry.end,
    timeZone: entry.time_zone ?? file.time_zone,
  });
  const rule = (entry: PlacementRuleFile) => ({
    categories: entry.categories,
    riskLevels: entry.risk_levels,
    priorities: entry.priorities,
  });
  return {
    noticeMinutes: minutes(file.notice_period),
    defaultDurationMinutes: minutes(file.default_change_duration),
    maintenanceWindows: file.maintenance_windows.map(slot('maintenance window')),
    businessHours: file.business_hours.map(slot('business hours')),
    blackouts: file.blackouts.map((blackout) => {
      const zone = blackout.time_zone ?? file.time_zone;
      return {
        name: blackout.name,
        start: instantInZone(blackout.start, zone)!,
        end: instantInZone(blackout.end, zone)!,
        reason: blackout.reason ?? null,
        allowEmergency: blackout.allow_emergency,
        overrideRoles: blackout.override_roles,
      };
    }),
    placement: {
      maintenance_window: rule(file.placement.maintenance_window),
      business_hours: rule(file.placement.business_hours),
    },
  };
}

/** Zones, dates and slots that only make sense together; each problem with its path. */
function calendarChecks(file: CalendarFile): string[] {
  const problems: string[] = [];
  const at = 'change_management.calendar';
  const zone = (path: string, name: string | undefined) => {
    if (name !== undefined && !isKnownTimeZone(name)) {
      problems.push(
        `${path}: ${JSON.stringify(name)} is not an IANA time zone (e.g. "Europe/Berlin")`,
      );
    }
  };
  zone(`${at}.time_zone`, file.time_zone);
  file.maintenance_windows.forEach((entry, index) =>
    zone(`${at}.maintenance_windows[${index}].time_zone`, entry.time_zone),
  );
  file.business_hours.forEach((entry, index) =>
    zone(`${at}.business_hours[${index}].time_zone`, entry.time_zone),
  );
  file.blackouts.forEach((blackout, index) => {
    const path = `${at}.blackouts[${index}]`;
    zone(`${path}.time_zone`, blackout.time_zone);
    if (!isKnownTimeZone(blackout.time_zone ?? file.time_zone)) return;
    const start = instantInZone(blackout.start, blackout.time_zone ?? file.time_zone);
    const end = instantInZone(blackout.end, blackout.time_zone ?? file.time_zone);
    if (start === null)
      problems.push(
        `${path}.start: must be a date or date-time like "2026-12-20" (got ${JSON.stringify(blackout.start)})`,
      );
    if (end === null)
      problems.push(
        `${path}.end: must be a date or date-time like "2027-01-04" (got ${JSON.stringify(blackout.end)})`,
      );
    if (start !== null && end !== null && Date.parse(start) >= Date.parse(end)) {
      problems.push(`${path}: start ${blackout.start} must be before end ${blackout.end}`);
    }
  });
  for (const [kind, slots] of [
    ['maintenance_window', file.maintenance_windows],
    ['business_hours', file.business_hours],
  ] as const) {
    const rule = file.placement[kind];
    const used = rule.categories.length + rule.risk_levels.length + rule.priorities.length > 0;
    if (used && slots.length === 0) {
      problems.push(
        `${at}.placement.${kind}: changes are placed in ${kind === 'maintenance_window' ? 'maintenance windows' : 'business hours'}, but ${at}.${kind === 'maintenance_window' ? 'maintenance_windows' : 'business_hours'} lists none`,
      );
    }
  }
  return problems;
}

function crossChecks(config: ChangeManagementFile): string[] {
  const problems: string[] = [
    ...calendarChecks(config.calendar),
    ...notificationChecks(config.notifications),
    ...ciIngestionChecks(config.ci_ingestion),
    ...serviceChecks(config.services),
  ];
  config.deploy_gates.deployment_windows.forEach((window, index) => {
    if (clockMinutes(window.start) >= clockMinutes(window.end)) {
      problems.push(
        `change_management.deploy_gates.deployment_windows[${index}]: start ${window.start} must be before end ${window.end} (UTC; split a window that crosses midnight in two)`,
      );
    }
  });
  for (const [alias, target] of Object.entries(config.change_type_aliases)) {
    if (!config.change_types.includes(target)) {
      problems.push(
        `change_management.change_type_aliases.${alias}: ${JSON.stringify(target)} is not one of change_types`,
      );
    }
  }
  config.standard_change_catalogue.forEach((entry, index) => {
    if (!config.change_types.includes(entry.change_type)) {
      problems.push(
        `change_management.standard_change_catalogue[${index}].change_type: ${JSON.stringify(entry.change_type)} is not one of change_types`,
      );
    }
  });
  for (const [kind, months] of Object.entries(retentionMonths(config.retention))) {
    if (months < RETENTION_FLOOR_MONTHS) {
      const key = config.retention[RETENTION_KEYS[kind as RetentionRecordKind]]
        ? RETENTION_KEYS[kind as RetentionRecordKind]
        : 'years';
      problems.push(
        `change_management.retention.${key}: ${months} months for ${kind} records is below the ${RETENTION_FLOOR_MONTHS}-month floor (002 §3.5)`,
      );
    }
  }
  return problems;
}

/** Every source pattern must normalise (ADR 0024): one that does not would match nothing, silently. */
function ciIngestionChecks(file: CiIngestionFile): string[] {
  const at = 'change_management.ci_ingestion';
  const pattern = (path: string, raw: string) => {
    const normal = normaliseSourcePattern(raw);
    return normal.ok
      ? []
      : [`${path}: ${JSON.stringify(raw)} is no CI source or prefix: it ${normal.reason}`];
  };
  return [
    ...file.people_may_report.flatMap((raw, index) =>
      pattern(`${at}.people_may_report[${index}]`, raw),
    ),
    ...file.source_systems.flatMap((entry, index) => [
      ...entry.sources.flatMap((raw, place) =>
        pattern(`${at}.source_systems[${index}].sources[${place}]`, raw),
      ),
      ...entry.systems.flatMap((system, place) =>
        system.trim() === ''
          ? [`${at}.source_systems[${index}].systems[${place}]: must name a system (or *)`]
          : [],
      ),
    ]),
  ];
}

/** Services named for people's steps: delegable steps only, each service once. */
function serviceChecks(services: ServiceMandateFile[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  services.forEach((entry, index) => {
    const at = `change_management.services[${index}]`;
    const first = seen.get(entry.principal);
    if (first !== undefined) {
      problems.push(
        `${at}.principal: ${JSON.stringify(entry.principal)} is already named in services[${first}]; one entry per service`,
      );
    } else seen.set(entry.principal, index);
    entry.steps.forEach((step, stepIndex) => {
      if ((JUDGEMENT_STEPS as readonly string[]).includes(step)) {
        problems.push(
          `${at}.steps[${stepIndex}]: ${step} is a person's judgement; no service is named for it`,
        );
      } else if (!(DELEGABLE_STEPS as readonly string[]).includes(step)) {
        problems.push(
          `${at}.steps[${stepIndex}]: ${JSON.stringify(step)} must be one of ${DELEGABLE_STEPS.join(', ')}`,
        );
      }
    });
    if (
      entry.steps.includes('create_emergency') &&
      entry.categories.length > 0 &&
      !entry.categories.includes('emergency')
    ) {
      problems.push(
        `${at}.categories: create_emergency makes emergency changes, which categories leaves out`,
      );
    }
  });
  return problems;
}

function describe(error: ValidationError, parent: string): string[] {
  const path =
    parent === ''
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
  const own = Object.values(error.constraints ?? {}).map(
    (message) =>
      `${path}: ${message.replace(`${error.property} `, '')} (got ${JSON.stringify(error.value)})`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

function clockMinutes(time: string): number {
  const [hours, minutesPart] = time.split(':').map(Number);
  return hours! * 60 + minutesPart!;
}

function minutes(duration: string): number {
  const amount = Number(duration.slice(0, -1));
  const unit = duration.slice(-1);
  return amount * (unit === 'd' ? 24 * 60 : unit === 'h' ? 60 : 1);
}
