import { type CiFact } from '../../ci/ci-fact';
import { type ChangeCalendar, noticeOnlyCalendar } from '../../calendar/change-calendar';
import { type Policy } from '../../policy/policy';
import { catalogueOf } from '../../standard-change/testing/template-specs';
import { type StandingException } from '../../standing-exception/standing-exception';
import { decide, rehydrate } from '../change-request.decider';
import { ChangeRequestError } from '../change-request.errors';
import { type ChangeRequestCommand, type ContentInput } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type Actor, type ChangeRequest, type RollbackPlan } from '../change-request.model';

/**
 * Given / when / then for the change-request specs: `given(steps)` are the events earlier
 * commands recorded, `when(history, step)` the events a command records on top of them, and
 * `refusal(history, step)` the code and kind of the error it is refused with.
 */
export const policy: Policy = {
  version: 'spec@1',
  changeTypes: ['security', 'feature', 'bugfix', 'infrastructure', 'configuration'],
  changeTypeAliases: { security_enhancement: 'security' },
  approvalWorkflow: {
    emergency: {
      approvers: ['security-team-lead', 'engineering-manager'],
      approvalTimeoutMinutes: 60,
    },
    high: {
      approvers: ['security-team', 'engineering-manager', 'change-manager'],
      approvalTimeoutMinutes: 24 * 60,
    },
    medium: {
      approvers: ['engineering-manager', 'change-manager'],
      approvalTimeoutMinutes: 72 * 60,
    },
    low: { approvers: ['change-manager'], approvalTimeoutMinutes: 7 * 24 * 60 },
  },
  categoryApprovers: {
    standard: [],
    normal: ['engineering-manager', 'qa'],
    major: ['engineering-manager', 'ciso'],
    emergency: ['ciso'],
  },
  standardChangeCatalogue: [
    {
      id: 'dependency-update',
      title: 'Dependency update',
      changeType: 'bugfix',
      description: 'Patch-level update',
      maxPriority: 'medium',
      maxRiskLevel: 'low',
      affectedSystems: ['*'],
      testPlanRequired: true,
      rollbackPlan: {
        triggerCondition: 'Errors after the update',
        steps: ['Revert the update', 'Redeploy'],
        owner: 'the requester',
        verificationSteps: ['Error rate back to baseline'],
        timeEstimateMinutes: 30,
      },
    },
  ],
  standardChanges: {
    templateApprovers: ['change-manager', 'engineering-manager', 'security-team'],
    templateProposers: ['engineer', 'platform-team', 'engineering-manager', 'change-manager'],
    outsideTemplate: 'refuse',
  },
  testing: {
    requiredFor: ['security', 'infrastructure'],
    testEnvironments: ['staging'],
    coverageRequired: 80,
  },
  emergency: { documentationWithinHours: 24, postHocReviewWithinBusinessDays: 5 },
  verification: { minimumMonitoringMinutes: 30 },
  rollback: { postIncidentReviewWithinBusinessDays: 5 },
  exceptions: { approvers: ['head-of-engineering', 'security-officer'] },
  roles: {
    implementers: ['engineer', 'platform-team'],
    requesterMayImplementStandard: true,
    reviewers: {
      post_hoc: ['ciso', 'engineering-manager', 'change-manager'],
      post_incident: ['security-team', 'engineering-manager', 'change-manager', 'ciso'],
      post_implementation: ['engineering-manager', 'change-manager', 'qa'],
    },
  },
  retention: {
    periodMonths: { change_request: 36, ci_event: 36, unlinked_deployment: 36 },
    legalHold: {
      placers: ['security-officer', 'head-of-engineering', 'auditor'],
      releasers: ['security-officer', 'head-of-engineering'],
    },
  },
  deployGates: { codeReview: { minimumReviewers: 2, seniorReviewers: [] }, deploymentWindows: [] },
  calendar: noticeOnlyCalendar(),
  ciIngestion: { peopleMayReport: [], sourceSystems: [] },
  services: [],
};

/** The spec policy's catalogue, adopted as the ledger seeds it: every template in force. */
export const standardTemplates = catalogueOf(policy);

/** A standard change that fits `dependency-update`: pre-approved. */
export const dependencyUpdate: ContentInput = {
  title: 'Bump lodash to 4.17.21',
  description: 'Patch-level update of a dependency',
  changeType: 'bugfix',
  category: 'standard',
  standardTemplateId: 'dependency-update',
  priority: 'medium',
  riskLevel: 'low',
  affectedSystems: ['authentication-service'],
  testPlan: 'CI suite green',
};

export const ID = 'CHG-2025-001';
export const person = (id: string, ...roles: string[]): Actor => ({ id, kind: 'user', roles });
export const requester = person('user-123', 'engineer');
export const securityTeam = person('sam', 'security-team');
export const manager = person('erin', 'engineering-manager');
export const changeManager = person('carl', 'change-manager');
export const qa = person('quinn', 'qa');
export const implementer = person('engineer-456', 'engineer');

export const rollbackPlan: RollbackPlan = {
  triggerCondition: 'Admin logins fail for more than 5 minutes',
  steps: ['Set MFA_REQUIRED=false', 'Redeploy admin-ui'],
  owner: 'engineer-456',
  verificationSteps: ['Admin can log in without MFA'],
  timeEstimateMinutes: 15,
};

/** API-ROUTES' example change request, with the rollback plan SOC-ROLLBACK-PLAN asks for. */
export const mfa: ContentInput = {
  title: 'Implement MFA for Admin Access',
  description: 'Add multi-factor authentication requirement',
  changeType: 'security_enhancement',
  priority: 'high',
  affectedSystems: ['authentication-service', 'admin-ui'],
  testingRequired: true,
  testPlan: 'Test MFA enrollment and login flow',
  rollbackPlan,
};

let clock = Date.parse('2025-01-27T10:00:00Z');
export const tick = () => new Date((clock += 60_000)).toISOString();

export type Step = [Actor, (meta: ChangeRequestCommand['meta']) => ChangeRequestCommand];
export const command =
  <C extends ChangeRequestCommand>(type: C['type'], data: C['data']) =>
  (meta: C['meta']) =>
    ({ type, data, meta }) as C;

export const create = (content: ContentInput = mfa, submit = true) =>
  command('CreateChangeRequest', { content, submit, policy, standardTemplates });
export const createEmergency = (content: ContentInput) =>
  command('CreateEmergencyChange', { content, policy });
export const approve = (role: string | null = null) =>
  command('ApproveChangeRequest', { role, comments: 'ok', conditions: [], policy });
export const implement = () =>
  command('StartImplementation', {
    implementationPlan: 'Deploy',
    scheduledTime: null,
    maintenanceWindow: true,
    policy,
  });
export const verify = (monitoringMinutes = 30) =>
  command('RecordVerification', {
    outcome: 'passed',
    monitoringMinutes,
    checks: ['error rate'],
    notes: null,
    policy,
  });
export const complete = () =>
  command('CompleteChange', {
    outcome: 'completed',
    testResults: 'All tests passed',
    postImplementationReview: 'No issues',
    policy,
  });
export const amend = (changes: Partial<ContentInput>) =>
  command('AmendChangeRequest', { changes, policy, standardTemplates });
export const submit = () => command('SubmitChangeRequest', { policy, standardTemplates });

/** A low-priority normal change whose only approver is the change manager. */
export const approvedByChangeManagerAlone = (): Step[] => [
  [
    requester,
    command('CreateChangeRequest', {
      content: { ...mfa, priority: 'low', category: 'normal' },
      submit: true,
      policy: { ...policy, categoryApprovers: { ...policy.categoryApprovers, normal: [] } },
    }),
  ],
  [changeManager, approve()],
];

/** Given these steps were accepted, the events they recorded. */
export function given(...steps: Step[]): ChangeRequestEvent[] {
  return steps.reduce<ChangeRequestEvent[]>((events, [actor, make]) => {
    const at = tick();
    return [...events, ...decide(make({ changeRequestId: ID, actor, at }), rehydrate(events))];
  }, []);
}

export function when(
  history: ChangeRequestEvent[],
  [actor, make]: Step,
  at = tick(),
): ChangeRequestEvent[] {
  return decide(make({ changeRequestId: ID, actor, at }), rehydrate(history));
}

export function refusal(
  history: ChangeRequestEvent[],
  step: Step,
  at = tick(),
): { code: string; kind: string } {
  const { code, kind } = refusedWith(history, step, at);
  return { code, kind };
}

/** The whole error a command is refused with, for the field an `invalid` one names. */
export function refusedWith(
  history: ChangeRequestEvent[],
  step: Step,
  at = tick(),
): ChangeRequestError {
  try {
    when(history, step, at);
  } catch (error) {
    if (error instanceof ChangeRequestError) return error;
    throw error;
  }
  throw new Error('the command was accepted');
}

export const types = (events: ChangeRequestEvent[]) => events.map((event) => event.type);
export const stateAfter = (events: ChangeRequestEvent[]) => rehydrate(events) as ChangeRequest;
export const fullyApproved = (): Step[] => [
  [securityTeam, approve()],
  [manager, approve()],
  [changeManager, approve()],
  [qa, approve()],
];

/** SOC-EMERG-PATH's example: an emergency fix, filed with what is known at the time. */
export const hotfix: ContentInput = {
  title: 'Patch CVE-2025-1234',
  description: 'Critical RCE in auth',
  changeType: 'security',
  priority: 'critical',
  affectedSystems: ['authentication-service'],
};
export const ciso = person('cleo', 'ciso');
export const lead = person('lee', 'security-team-lead');

/** A pipeline reporting CI facts about the change. */
export const pipeline: Actor = { id: 'github.com/acme/auth', kind: 'service', roles: [] };
let serial = 0;
export const fact = (overrides: Partial<CiFact>): CiFact => ({
  source: 'github.com/acme/auth',
  id: `run-${++serial}`,
  kind: 'deployment',
  format: 'native',
  sourceType: 'deployment',
  occurredAt: tick(),
  actor: 'deploy-bot',
  environment: 'production',
  service: 'authentication-service',
  changeRequestId: ID,
  commitSha: null,
  pullRequest: null,
  artifact: null,
  outcome: 'success',
  tests: null,
  findings: null,
  incident: null,
  review: null,
  ...overrides,
});
/** A pipeline run that names no change request, nor anyone or anything deployed. */
export const pipelineRun = (overrides: Partial<CiFact>): CiFact =>
  fact({
    kind: 'pipeline_run',
    sourceType: 'pipeline_run',
    actor: null,
    environment: null,
    service: null,
    changeRequestId: null,
    ...overrides,
  });
/**
 * The pipeline reports; whoever the fact names behind it stays a claim inside the fact. The
 * ledger receives it at the command's time unless `receivedAt` says otherwise.
 */
export const report = (
  reported: CiFact,
  under: { policy?: Policy; standingExceptions?: StandingException[]; receivedAt?: string } = {},
): Step => [
  pipeline,
  (meta) =>
    command('RecordCiFact', {
      fact: reported,
      receivedAt: under.receivedAt ?? meta.at,
      policy: under.policy ?? policy,
      standingExceptions: under.standingExceptions ?? [],
    })(meta),
];

/** The spec policy with a senior engineer the code-review gate can be passed by. */
export const gatedPolicy: Policy = {
  ...policy,
  deployGates: {
    codeReview: { minimumReviewers: 2, seniorReviewers: ['sara'] },
    deploymentWindows: [],
  },
};
export const codeReview = (
  reviewer: string,
  decision: 'approved' | 'changes_requested' = 'approved',
) => report(fact({ kind: 'code_review', environment: null, review: { reviewer, decision } }));
/** CI evidence that passes every evidence gate of SOC-GATES under `gatedPolicy`. */
export const gateEvidence = (): Step[] => [
  codeReview('sara'),
  codeReview('tom'),
  report(fact({ kind: 'test_run', environment: 'ci', tests: { total: 120, failed: 0 } })),
  report(fact({ kind: 'security_scan', environment: null, findings: { critical: 0, high: 0 } })),
  report(fact({ kind: 'deployment', environment: 'staging' })),
];
/** A security scan with unaddressed critical findings: the security-scan gate fails on it. */
export const criticalScan = () =>
  report(fact({ kind: 'security_scan', environment: null, findings: { critical: 2, high: 0 } }));
export function approvedSteps(): Step[] {
  return [[requester, create()], ...fullyApproved()];
}

/** `minutes` after the implementation of `history` started: when monitoring may have ended. */
export const minutesIntoImplementation = (history: ChangeRequestEvent[], minutes: number) =>
  new Date(
    Date.parse(stateAfter(history).implementationStartedAt ?? '') + minutes * 60_000,
  ).toISOString();

/** A principal who holds no role at all. */
export const nobody = person('nora');

/** An approved change whose implementation has started. */
export const implemented = () =>
  given([requester, create()], ...fullyApproved(), [implementer, implement()]);

/** The calendar of issue 17's example: Tue/Thu 02:00–04:00 Berlin, office hours, a year-end freeze. */
export const berlinCalendar: ChangeCalendar = {
  noticeMinutes: 24 * 60,
  defaultDurationMinutes: 120,
  maintenanceWindows: [
    {
      name: 'night window',
      days: ['tue', 'thu'],
      start: '02:00',
      end: '04:00',
      timeZone: 'Europe/Berlin',
    },
  ],
  businessHours: [
    {
      name: 'office hours',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '17:00',
      timeZone: 'Europe/Berlin',
    },
  ],
  blackouts: [
    {
      name: 'year-end freeze',
      start: '2025-12-19T23:00:00.000Z',
      end: '2026-01-04T23:00:00.000Z',
      reason: 'year-end trading',
      allowEmergency: true,
      overrideRoles: ['ciso'],
    },
  ],
  placement: {
    maintenance_window: { categories: ['normal', 'major'], riskLevels: ['high'], priorities: [] },
    business_hours: { categories: ['standard'], riskLevels: [], priorities: [] },
  },
};
