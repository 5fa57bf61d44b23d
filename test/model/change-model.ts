import {
  type ExpectedGate,
  type GateView,
  productionDeployment,
  startableStatuses,
  WAIVABLE,
} from './gates';
import {
  holds,
  holdsAny,
  type Principal,
  Refused,
  refuseAtGuard,
  refuseNonPerson,
} from './principals';
import {
  approvalTimeoutHours,
  type Category,
  EMERGENCY_DOCUMENTATION_HOURS,
  EXCEPTION_ROLES,
  IMPLEMENTER_ROLES,
  MINIMUM_MONITORING_MINUTES,
  NOTICE_HOURS,
  plusBusinessDays,
  plusMinutes,
  type Priority,
  requiredRoles,
  REVIEW_BUSINESS_DAYS,
  REVIEWER_ROLES,
  type ReviewKind,
  TESTING_REQUIRED_FOR,
} from './seed-rules';
import {
  outsideTemplate,
  REQUESTER_MAY_IMPLEMENT_STANDARD,
  type RiskLevel,
  unknownTemplate,
} from './standard-changes';

/**
 * The reference model of one change request: the seeds' rules (approvals and separation of
 * duties, the lifecycle, the emergency path and its clocks, standard changes, the steps' roles
 * and who may take them, exceptions, what CI reports and a credential's reach), stated as
 * plainly as possible. Each rule takes the model's change (a copy), who acts and when,
 * and either throws the `Refused` answer the API must give or changes the copy as the API's
 * answer must show. Refusals are checked in the order the ledger checks them, so the expected
 * code is exact.
 */

export type Status =
  | 'draft'
  | 'pending_approval'
  | 'approved'
  | 'rejected'
  | 'scheduled'
  | 'implementing'
  | 'completed'
  | 'failed'
  | 'rolled_back'
  | 'cancelled';

/** The content the model varies; the API is sent fixed texts for each value. */
export interface Content {
  title: string;
  changeType: string;
  priority: Priority;
  affectedSystems: string[];
  /** `template`: the five parts a standard change's template filled in (it brought none). */
  rollbackPlan: 'complete' | 'template' | 'prose' | null;
  riskLevel: RiskLevel | null;
  riskAssessment: string | null;
  testPlan: string | null;
  testingRequired: boolean;
  /** `links.repository`: what a CI credential's reach is measured by (ADR 0024). */
  repository: string | null;
}
export type ContentField = keyof Content;

/**
 * The amendments that document an emergency change rather than change it (the model's own
 * statement of SOC-EMERG-24H; ADR 0023): they keep its approvals.
 */
const DOCUMENTATION: readonly ContentField[] = [
  'rollbackPlan',
  'riskLevel',
  'riskAssessment',
  'testPlan',
  'testingRequired',
];

export interface Approval {
  role: string;
  by: string;
  contentVersion: number;
  retroactive: boolean;
}

/** A policy exception of the change (POL-EXCEPTIONS), and the gates it waives once approved. */
export interface ModelException {
  id: string;
  gates: string[];
  signedOff: Array<{ role: string; by: string }>;
  approved: boolean;
}

export interface ModelChange {
  id: string;
  requester: string;
  category: Category;
  templateId: string | null;
  emergency: boolean;
  status: Status;
  content: Content;
  contentVersion: number;
  required: string[];
  approvals: Approval[];
  approvedAt: string | null;
  approvalDueAt: string | null;
  implementedAt: string | null;
  implementer: string | null;
  documentationDueAt: string | null;
  documentedAt: string | null;
  postHocDueAt: string | null;
  postHocReviewedAt: string | null;
  verification: 'passed' | 'failed' | null;
  incident: { reviewDueAt: string; reviewedAt: string | null } | null;
  exceptions: ModelException[];
  scheduledFor: string | null;
  /** What CI reported that the gate reads. */
  ci: {
    lastTestRun: 'passed' | 'failed' | null;
    lastScan: 'clean' | 'critical' | null;
    staged: boolean;
  };
}

const AMENDABLE: Status[] = ['draft', 'pending_approval', 'approved', 'scheduled'];
const AFTER_IMPLEMENTATION: Status[] = ['implementing', 'completed', 'failed', 'rolled_back'];
const ROLLBACKABLE: Status[] = ['implementing', 'completed', 'failed'];

const transition = () => new Refused(409, 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED');
const forbidden = (code: string) => new Refused(403, `CHANGE_REQUEST.${code}`);

function requireStatus(change: ModelChange, allowed: readonly Status[]): void {
  if (!allowed.includes(change.status)) throw transition();
}

function requireRequesterOrChangeManager(change: ModelChange, who: Principal): void {
  if (who.id !== change.requester && !holds(who, 'change-manager'))
    throw forbidden('NOT_THE_REQUESTER');
}

/** SOC-ROLLBACK-PLAN: the five parts, written by the requester or filled in from a standard template. */
const hasCompletePlan = (content: Content) =>
  content.rollbackPlan === 'complete' || content.rollbackPlan === 'template';

/** POL-CR-CONTENTS, SOC-ROLLBACK-PLAN, SOC-EMERG-24H: what the 24-hour clock asks the record to hold. */
const isDocumented = (content: Content) =>
  hasCompletePlan(content) &&
  content.riskLevel !== null &&
  !!content.riskAssessment &&
  !!content.testPlan;

/** Approved ⇔ …: what the API's `approval_status` must say. */
export const approvalStatus = (change: ModelChange) =>
  change.approvedAt ? 'approved' : change.status === 'rejected' ? 'rejected' : 'pending';

/** The roles the approvals queue lists for the change, and whether after the fact. */
export function awaitedRoles(change: ModelChange): Array<[string, boolean]> {
  const afterTheFact =
    change.emergency && change.implementedAt !== null && change.approvedAt === null;
  if (change.status !== 'pending_approval' && !afterTheFact) return [];
  const given = new Set(change.approvals.map((approval) => approval.role));
  return change.required
    .filter((role) => !given.has(role))
    .sort()
    .map((role) => [role, change.status !== 'pending_approval']);
}

// --- creation and submission -----------------------------------------------------------------

export interface CreateInput {
  category: Exclude<Category, 'emergency'>;
  templateId: string | null;
  draft: boolean;
  content: Content;
}

export function create(
  id: string,
  who: Principal,
  input: CreateInput,
  now: string,
  emergency = false,
): ModelChange {
  const category: Category = emergency ? 'emergency' : input.category;
  refuseNonPerson(who, emergency ? 'create_emergency' : 'create', category);
  const standard = category === 'standard';
  if (standard) {
    const refusal = unknownTemplate(input.templateId);
    if (refusal) throw refusal;
  }
  const change: ModelChange = {
    id,
    requester: who.id,
    category,
    templateId: standard ? input.templateId : null,
    emergency,
    status: 'draft',
    content: {
      ...input.content,
      rollbackPlan: standard
        ? (input.content.rollbackPlan ?? 'template')
        : input.content.rollbackPlan,
    },
    contentVersion: 1,
    required: [],
    approvals: [],
    approvedAt: null,
    approvalDueAt: null,
    implementedAt: null,
    implementer: null,
    documentationDueAt: null,
    documentedAt: null,
    postHocDueAt: null,
    postHocReviewedAt: null,
    verification: null,
    incident: null,
    exceptions: [],
    scheduledFor: null,
    ci: { lastTestRun: null, lastScan: null, staged: false },
  };
  if (emergency || !input.draft) submission(change, now);
  return change;
}

function submission(change: ModelChange, now: string): void {
  const { category, content } = change;
  if (category === 'standard') {
    const refusal = outsideTemplate(change.templateId!, standardInstance(content));
    if (refusal) throw refusal;
    change.status = 'approved';
    change.approvedAt = now;
    return;
  }
  const testing = content.testingRequired || TESTING_REQUIRED_FOR.includes(content.changeType);
  if (category !== 'emergency' && testing && !content.testPlan)
    throw new Refused(400, 'CHANGE_REQUEST.INCOMPLETE');
  change.required = requiredRoles(category, content.priority);
  change.status = 'pending_approval';
  change.approvalDueAt = plusMinutes(now, approvalTimeoutHours(category, content.priority) * 60);
}

/** The parts of the content a standard template constrains. */
const standardInstance = (content: Content) => ({
  ...content,
  rollbackPlanComplete: hasCompletePlan(content),
});

export function submit(change: ModelChange, who: Principal, now: string): void {
  refuseNonPerson(who, 'submit', change.category);
  requireStatus(change, ['draft']);
  requireRequesterOrChangeManager(change, who);
  submission(change, now);
}

// --- amendment: the invariant's two halves ----------------------------------------------------

export function amend(
  change: ModelChange,
  who: Principal,
  changes: Partial<Content>,
  now: string,
): void {
  refuseNonPerson(who, 'amend', change.category);
  requireStatus(change, change.emergency ? [...AMENDABLE, ...AFTER_IMPLEMENTATION] : AMENDABLE);
  requireRequesterOrChangeManager(change, who);
  const changed = (Object.keys(changes) as ContentField[]).filter(
    (field) => JSON.stringify(changes[field]) !== JSON.stringify(change.content[field]),
  );
  if (changed.length === 0) return;
  const content = { ...change.content, ...changes };
  // A pre-approved standard change stays approved through an amendment: it must still fit.
  if (change.category === 'standard' && change.status !== 'draft') {
    const refusal = outsideTemplate(change.templateId!, standardInstance(content));
    if (refusal) throw refusal;
  }
  change.content = content;
  change.contentVersion += 1;
  const documents = change.emergency && changed.every((field) => DOCUMENTATION.includes(field));
  if (!documents) {
    if (change.status !== 'draft')
      change.required = requiredRoles(change.category, change.content.priority);
    if (change.approvals.length > 0) {
      change.approvals = [];
      change.approvedAt = null;
      if (change.status === 'approved' || change.status === 'scheduled')
        change.status = 'pending_approval';
    }
  }
  if (change.documentationDueAt && !change.documentedAt && isDocumented(change.content))
    change.documentedAt = now;
}

// --- approvals ---------------------------------------------------------------------------------

export function approve(
  change: ModelChange,
  who: Principal,
  role: string | null,
  now: string,
): void {
  refuseNonPerson(who, 'approve', change.category);
  const retroactive = change.emergency && change.implementedAt !== null;
  if (retroactive) {
    requireStatus(change, AFTER_IMPLEMENTATION);
    if (change.approvedAt) throw new Refused(409, 'CHANGE_REQUEST.ALREADY_APPROVED');
  } else requireStatus(change, ['pending_approval']);
  if (who.id === change.requester) throw forbidden('SELF_APPROVAL');
  if (change.approvals.some((approval) => approval.by === who.id))
    throw forbidden('ONE_APPROVAL_PER_PERSON');
  const open = change.required.filter((r) => !change.approvals.some((a) => a.role === r));
  let chosen: string | undefined;
  if (role !== null) {
    if (!change.required.includes(role)) throw new Refused(400, 'CHANGE_REQUEST.INVALID');
    if (!open.includes(role)) throw new Refused(409, 'CHANGE_REQUEST.ROLE_ALREADY_APPROVED');
    if (!holds(who, role)) throw forbidden('MISSING_ROLE');
    chosen = role;
  } else {
    chosen = open.find((candidate) => holds(who, candidate));
    if (!chosen) throw forbidden('NOT_AN_APPROVER');
  }
  change.approvals.push({
    role: chosen,
    by: who.id,
    contentVersion: change.contentVersion,
    retroactive,
  });
  if (open.length === 1) {
    change.approvedAt = now;
    if (!retroactive) change.status = 'approved';
  }
}

export function reject(change: ModelChange, who: Principal, role: string | null): void {
  refuseNonPerson(who, 'reject', change.category);
  requireStatus(change, ['pending_approval']);
  if (who.id === change.requester) throw forbidden('SELF_APPROVAL');
  const held = change.required.filter((required) => holds(who, required));
  const chosen = role === null ? held[0] : held.find((required) => required === role);
  if (!chosen) throw forbidden('NOT_AN_APPROVER');
  change.status = 'rejected';
}

export function cancel(change: ModelChange, who: Principal): void {
  refuseNonPerson(who, 'cancel', change.category);
  requireStatus(change, AMENDABLE);
  requireRequesterOrChangeManager(change, who);
  change.status = 'cancelled';
}

/** SOC-SCHEDULE: at least the notice period ahead, except an emergency (SOC-EMERG-PATH). No windows in the seed. */
export function schedule(
  change: ModelChange,
  who: Principal,
  hoursAhead: number,
  now: string,
): void {
  refuseNonPerson(who, 'schedule', change.category);
  requireStatus(change, ['approved', 'scheduled']);
  if (!change.emergency && hoursAhead < NOTICE_HOURS)
    throw new Refused(400, 'CHANGE_REQUEST.SCHEDULE_NOT_ALLOWED');
  change.status = 'scheduled';
  change.scheduledFor = plusMinutes(now, hoursAhead * 60);
}

// --- implementation and after ------------------------------------------------------------------

function requireImplementer(change: ModelChange, who: Principal, requesterRefused: boolean): void {
  if (!holdsAny(who, IMPLEMENTER_ROLES)) throw forbidden('MISSING_ROLE');
  if (
    requesterRefused &&
    who.id === change.requester &&
    !(change.category === 'standard' && REQUESTER_MAY_IMPLEMENT_STANDARD)
  )
    throw forbidden('REQUESTER_MAY_NOT_IMPLEMENT');
}

/** Why implementation may not start now (null: it may), whoever starts it. */
function startRefusal(change: ModelChange, who: Principal): Refused | null {
  if (!startableStatuses(change.emergency).includes(change.status)) return transition();
  if (!change.emergency && !hasCompletePlan(change.content))
    return new Refused(400, 'CHANGE_REQUEST.INCOMPLETE');
  const approvers = new Set(change.approvals.map((approval) => approval.by));
  if (approvers.size === 1 && approvers.has(who.id)) return forbidden('IMPLEMENTER_SOLE_APPROVER');
  return null;
}

function started(change: ModelChange, implementer: string, now: string): void {
  change.status = 'implementing';
  change.implementedAt = now;
  change.implementer = implementer;
  if (change.emergency) {
    change.documentationDueAt = plusMinutes(now, EMERGENCY_DOCUMENTATION_HOURS * 60);
    change.postHocDueAt = plusBusinessDays(now, REVIEW_BUSINESS_DAYS);
    if (isDocumented(change.content)) change.documentedAt = now;
  }
}

export function implement(change: ModelChange, who: Principal, now: string): void {
  refuseNonPerson(who, 'implement', change.category);
  const refusal = startRefusal(change, who);
  if (refusal) throw refusal;
  requireImplementer(change, who, true);
  started(change, who.id, now);
}

export function verify(
  change: ModelChange,
  who: Principal,
  outcome: 'passed' | 'failed',
  minutes: number,
  now: string,
): void {
  refuseNonPerson(who, 'verify', change.category);
  requireStatus(change, ['implementing']);
  requireImplementer(change, who, true);
  if (outcome === 'passed' && minutes < MINIMUM_MONITORING_MINUTES)
    throw new Refused(400, 'CHANGE_REQUEST.INVALID');
  const elapsed = Math.floor((Date.parse(now) - Date.parse(change.implementedAt!)) / 60_000);
  if (minutes > elapsed) throw new Refused(400, 'CHANGE_REQUEST.INVALID');
  change.verification = outcome;
}

export function complete(
  change: ModelChange,
  who: Principal,
  outcome: 'completed' | 'failed',
): void {
  refuseNonPerson(who, 'complete', change.category);
  requireStatus(change, ['implementing']);
  requireImplementer(change, who, false);
  if (outcome === 'completed' && change.verification !== 'passed')
    throw new Refused(409, 'CHANGE_REQUEST.VERIFICATION_REQUIRED');
  change.status = outcome;
}

function rolledBack(change: ModelChange, now: string): void {
  change.status = 'rolled_back';
  change.incident = { reviewDueAt: plusBusinessDays(now, REVIEW_BUSINESS_DAYS), reviewedAt: null };
}

export function rollBack(change: ModelChange, who: Principal, now: string): void {
  refuseNonPerson(who, 'roll_back', change.category);
  requireStatus(change, ROLLBACKABLE);
  requireImplementer(change, who, false);
  rolledBack(change, now);
}

export function review(change: ModelChange, who: Principal, kind: ReviewKind, now: string): void {
  refuseNonPerson(who, 'review', change.category);
  if (who.id === change.implementer) throw forbidden('SELF_REVIEW');
  if (kind === 'post_implementation') requireStatus(change, ['completed', 'failed', 'rolled_back']);
  if (kind === 'post_hoc' && !change.postHocDueAt)
    throw new Refused(409, 'CHANGE_REQUEST.NO_REVIEW_DUE');
  if (kind === 'post_incident' && !change.incident)
    throw new Refused(409, 'CHANGE_REQUEST.NO_REVIEW_DUE');
  if (kind === 'post_hoc' && who.id === change.requester) throw forbidden('SELF_APPROVAL');
  if (!holdsAny(who, REVIEWER_ROLES[kind])) throw forbidden('MISSING_ROLE');
  if (kind === 'post_hoc') change.postHocReviewedAt ??= now;
  if (kind === 'post_incident') change.incident!.reviewedAt ??= now;
}

// --- exceptions (POL-EXCEPTIONS) -------------------------------------------------------------------------

export function requestException(change: ModelChange, who: Principal, gates: string[]): void {
  refuseNonPerson(who, 'request_exception', change.category);
  requireStatus(change, [...AMENDABLE, 'implementing']);
  requireRequesterOrChangeManager(change, who);
  if (gates.some((gate) => !(WAIVABLE as readonly string[]).includes(gate)))
    throw new Refused(400, 'CHANGE_REQUEST.INVALID');
  if (change.exceptions.some((exception) => !exception.approved))
    throw new Refused(409, 'CHANGE_REQUEST.EXCEPTION_PENDING');
  change.exceptions.push({
    id: `${change.id}-EXC-${change.exceptions.length + 1}`,
    gates: [...new Set(gates)],
    signedOff: [],
    approved: false,
  });
}

export function approveException(change: ModelChange, who: Principal): void {
  refuseNonPerson(who, 'approve_exception', change.category);
  const exception = change.exceptions.find((requested) => !requested.approved);
  if (!exception) throw new Refused(409, 'CHANGE_REQUEST.NO_EXCEPTION_PENDING');
  if (who.id === change.requester) throw forbidden('SELF_APPROVAL');
  if (exception.signedOff.some((signOff) => signOff.by === who.id))
    throw forbidden('ONE_APPROVAL_PER_PERSON');
  const open = EXCEPTION_ROLES.filter((role) => !exception.signedOff.some((s) => s.role === role));
  const role = open.find((candidate) => holds(who, candidate));
  if (!role) throw forbidden('NOT_AN_APPROVER');
  exception.signedOff.push({ role, by: who.id });
  if (open.length === 1) exception.approved = true;
}

// --- what CI reports -----------------------------------------------------------------------------

export type CiReport =
  | { kind: 'deployment'; environment: 'production' | 'staging' }
  | { kind: 'rollback' }
  | { kind: 'test_run'; passing: boolean }
  | { kind: 'security_scan'; clean: boolean };

/** The change as the gate reads it. */
export const gateViewOf = (change: ModelChange): GateView => ({
  status: change.status,
  emergency: change.emergency,
  rollbackPlanComplete: hasCompletePlan(change.content),
  ...change.ci,
  scheduledFor: change.scheduledFor,
  exceptions: change.exceptions,
});

/**
 * A source as the ledger compares it (ADR 0024): `.`/`..` and empty segments are refused, never
 * resolved; the model's sources carry no scheme, escape or upper case.
 */
const isNormalSource = (source: string) =>
  source.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');

const covers = (pattern: string, source: string) =>
  pattern === '*' ||
  (pattern.endsWith('*') ? source.startsWith(pattern.slice(0, -1)) : pattern === source);

/**
 * A CI credential's reach (ADR 0024): bound to every source, or the change registered a
 * repository the fact's source lies in or one of the reporter's bindings covers. The seed policy
 * maps no source to systems, so a change that registers no repository is reached by `*` only.
 */
function reaches(bindings: readonly string[], source: string, repository: string | null): boolean {
  if (bindings.includes('*')) return true;
  if (repository === null) return false;
  return (
    source === repository ||
    source.startsWith(`${repository}/`) ||
    bindings.some((pattern) => covers(pattern, repository))
  );
}

/** The ingest answer's `authorized` and frozen gate: production deployments only. */
export function reportCi(
  change: ModelChange,
  who: Principal,
  report: CiReport,
  source: string,
  sourcesOf: (who: Principal) => readonly string[],
  now: string,
): { authorized: boolean | null; gate: ExpectedGate | null } {
  refuseAtGuard(who);
  if (!isNormalSource(source)) throw new Refused(422, 'INGESTION.INVALID_EVENT');
  if (who.kind !== 'service') throw new Refused(403, 'INGESTION.NOT_A_CI_PRINCIPAL');
  const bindings = sourcesOf(who);
  if (!bindings.some((pattern) => covers(pattern, source)))
    throw new Refused(403, 'INGESTION.SOURCE_NOT_BOUND');
  if (!reaches(bindings, source, change.content.repository))
    throw new Refused(403, 'INGESTION.CHANGE_NOT_IN_SCOPE');
  switch (report.kind) {
    case 'deployment': {
      if (report.environment === 'staging') {
        change.ci.staged = true;
        return { authorized: null, gate: null };
      }
      const deployment = productionDeployment(gateViewOf(change), now);
      if (deployment.starts) started(change, who.id, now);
      return { authorized: deployment.authorized, gate: deployment.gate };
    }
    case 'rollback':
      if (ROLLBACKABLE.includes(change.status)) rolledBack(change, now);
      break;
    case 'test_run':
      change.ci.lastTestRun = report.passing ? 'passed' : 'failed';
      break;
    case 'security_scan':
      change.ci.lastScan = report.clean ? 'clean' : 'critical';
      break;
  }
  return { authorized: null, gate: null };
}
