import assert from 'node:assert/strict';
import fc from 'fast-check';
import { completeRollbackPlan } from '../support/change-request-fixtures';
import { type Person } from '../support/test-api';
import * as rules from './change-model';
import {
  approvalStatus,
  awaitedRoles,
  type Content,
  type CiReport,
  type CreateInput,
  type ModelChange,
} from './change-model';
import { productionGate } from './gates';
import { type Answer, type ModelApi, type ModelClock } from './model-api';
import { boundSources, principal, PRINCIPALS, type Principal, Refused } from './principals';
import { CHANGE_TYPES, PRIORITIES, type ReviewKind } from './seed-rules';
import { CATALOGUE, NOT_IN_CATALOGUE } from './standard-changes';

/**
 * The model-based test's commands (fast-check's `fc.commands`): every command of a change
 * request, by a random principal of every role — or by the principal the model says fits the
 * step (`fitting`: the first of the step's usual people the model expects to succeed), so that
 * sequences get past approval often enough to reach the later steps. Each command asks the model
 * what the API must answer, sends the request, compares the answer (status and problem code),
 * then the change request as the API shows it and as the read models hold it.
 */
export class ModelRun {
  change: ModelChange | null = null;
  /** The change's stream head as last seen: a refusal must leave it where it was. */
  head: string | null = null;
  serial = 0;
  constructor(
    readonly token: string,
    readonly clock: ModelClock,
  ) {}
}

/** `step`, taken only when it fits (a sequence's head: no request for a step that cannot go). */
const whenItFits = <S extends ChangeStep>(step: S): S => {
  step.onlyWhenItFits = true;
  const said = step.toString();
  step.toString = () => `${said} when it fits`;
  return step;
};

type Who = Person | 'fitting';

/**
 * What a run exercised: each command by each principal, and how the API answered it (`ok` or the
 * refusal's code), so the run can show that every command and every role took part.
 */
export class Coverage {
  readonly answers = new Map<string, Map<string, number>>();
  readonly principals = new Set<Person>();

  record(command: string, who: Person, outcome: string): void {
    this.principals.add(who);
    const outcomes = this.answers.get(command) ?? new Map<string, number>();
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    this.answers.set(command, outcomes);
  }

  /** One line per command: how often each answer came. */
  summary(): string[] {
    return [...this.answers].map(
      ([command, outcomes]) =>
        `${command}: ${[...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(', ')}`,
    );
  }
}

export const coverage = new Coverage();
type ModelCommand = fc.AsyncCommand<ModelRun, ModelApi>;

const PEOPLE = PRINCIPALS.map((p) => p.key);
const whoArb: fc.Arbitrary<Who> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Who>('fitting') },
  { weight: 1, arbitrary: fc.constantFrom<Who>(...PEOPLE) },
);

/** The step's usual people, in the order `fitting` tries them. */
const USUAL: Record<string, Person[]> = {
  author: ['requester', 'implementer', 'changeManager'],
  owner: ['requester', 'changeManager', 'twoHats'],
  approver: [
    'securityTeam',
    'securityLead',
    'manager',
    'changeManager',
    'qa',
    'ciso',
    'twoHats',
    'headOfEngineering',
  ],
  implementer: ['implementer', 'platformEngineer', 'requester'],
  reviewer: ['ciso', 'manager', 'changeManager', 'securityTeam', 'qa', 'twoHats'],
  exception: ['headOfEngineering', 'securityOfficer'],
  ci: ['pipeline', 'otherTeamPipeline'],
};

/** `who` as a principal: itself, or the first usual one whose step the model accepts. */
function resolve(who: Who, usual: string, accepts: (p: Principal) => boolean): Principal {
  if (who !== 'fitting') return principal(who);
  const candidates = USUAL[usual]!.map(principal);
  return candidates.find(accepts) ?? candidates[0]!;
}

const accepted = (attempt: () => unknown) => {
  try {
    attempt();
    return true;
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
};

// --- the API's bodies for the model's content ------------------------------------------------------

const PLAN = { complete: completeRollbackPlan, prose: 'Revert the deployment by hand' };
const FIELD: Record<keyof Content, string> = {
  title: 'title',
  changeType: 'change_type',
  priority: 'priority',
  affectedSystems: 'affected_systems',
  rollbackPlan: 'rollback_plan',
  riskLevel: 'risk_level',
  riskAssessment: 'risk_assessment',
  testPlan: 'test_plan',
  testingRequired: 'testing_required',
};

function contentBody(content: Partial<Content>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(content) as Array<[keyof Content, unknown]>) {
    if (value === null || value === undefined) continue;
    body[FIELD[field]] = field === 'rollbackPlan' ? PLAN[value as 'complete' | 'prose'] : value;
  }
  return body;
}

/** A copy the rules may change (JSON: the model holds data only; and one realm's prototypes). */
const copyOf = (change: ModelChange): ModelChange => JSON.parse(JSON.stringify(change));

// --- the one loop every command goes through ------------------------------------------------------

const SUCCESS = { create: 201, ingest: 202, step: 200 } as const;

/**
 * Asks the model (on a copy), sends the request, and holds the answer to the prediction: the
 * status and code of a refusal (and nothing recorded), or a success whose state the model takes.
 */
async function step<T>(
  run: ModelRun,
  api: ModelApi,
  command: string,
  who: Person,
  label: string,
  rule: (copy: ModelChange) => T,
  send: () => Promise<Answer>,
  success: number,
  onSuccess?: (answer: Answer, result: T) => void,
): Promise<void> {
  const copy = copyOf(run.change!);
  let refused: Refused | null = null;
  let result: T | undefined;
  try {
    result = rule(copy);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    refused = error;
  }
  const answer = await send();
  const said = `${label} on ${run.change!.id} (${run.change!.status}) answered ${answer.status} ${JSON.stringify(answer.body)}`;
  coverage.record(command, who, answer.status < 300 ? 'ok' : String(answer.body?.code));
  if (refused) {
    assert.deepEqual(
      { status: answer.status, code: answer.body?.code },
      { status: refused.status, code: refused.code },
      `${said}; the model expected ${refused.status} ${refused.code}`,
    );
  } else {
    assert.equal(answer.status, success, `${said}; the model expected ${success}`);
    run.change = copy;
    onSuccess?.(answer, result as T);
  }
  await checkAgreement(run, api, label, refused !== null);
}

/** The change request as the API shows it, in the terms the model keeps. */
function viewOf(body: Answer['body']) {
  return {
    status: body.status,
    approval_status: body.approval_status,
    category: body.category,
    priority: body.priority,
    title: body.title,
    content_version: body.content_version,
    approvers: body.approvers,
    approvals: body.approvals.map((a: Record<string, unknown>) => [
      a.role,
      a.approved_by,
      a.content_version,
      a.retroactive,
    ]),
    implementer: body.implementer,
    implementation_started: body.implementation_started,
    verification: body.verification?.outcome ?? null,
    emergency: body.emergency,
    incident: body.incident && {
      review_due_at: body.incident.review_due_at,
      reviewed_at: body.incident.reviewed_at,
    },
    exception: body.exception && {
      approved: body.exception.approved,
      signed_off_by: body.exception.signed_off_by.map((s: { role: string }) => s.role),
    },
  };
}

function expectedView(change: ModelChange) {
  return {
    status: change.status,
    approval_status: approvalStatus(change),
    category: change.category,
    priority: change.content.priority,
    title: change.content.title,
    content_version: change.contentVersion,
    approvers: change.required,
    approvals: change.approvals.map((a) => [a.role, a.by, a.contentVersion, a.retroactive]),
    implementer: change.implementer,
    implementation_started: change.implementedAt,
    verification: change.verification,
    emergency: change.emergency
      ? {
          documentation_due_at: change.documentationDueAt,
          documented_at: change.documentedAt,
          post_hoc_review_due_at: change.postHocDueAt,
          post_hoc_reviewed_at: change.postHocReviewedAt,
        }
      : null,
    incident: change.incident && {
      review_due_at: change.incident.reviewDueAt,
      reviewed_at: change.incident.reviewedAt,
    },
    exception: change.exception && {
      approved: change.exception.approved,
      signed_off_by: change.exception.signedOff.map((s) => s.role),
    },
  };
}

/**
 * The invariant read off the API's answer alone (ADR 0023): approved ⇔ a pre-approved standard
 * change, or every required role approved by distinct people — on the current content, or on the
 * emergency path on content changed since by documentation only.
 */
export function invariantProblems(body: Answer['body']): string[] {
  const problems: string[] = [];
  const approvals: Array<{ role: string; approved_by: string; content_version: number }> =
    body.approvals;
  const people = approvals.map((a) => a.approved_by);
  if (new Set(people).size !== people.length) problems.push('one person holds two approvals');
  if (
    body.category !== 'emergency' &&
    approvals.some((a) => a.content_version !== body.content_version)
  )
    problems.push('an approval of older content is still counted');
  const given = new Set(approvals.map((a) => a.role));
  const satisfied =
    body.category === 'standard'
      ? body.approved_at !== null
      : body.approvers.length > 0 && body.approvers.every((role: string) => given.has(role));
  if ((body.approval_status === 'approved') !== satisfied)
    problems.push(
      `approval_status is ${body.approval_status} with approvals ${JSON.stringify(approvals)}`,
    );
  if (['approved', 'scheduled'].includes(body.status) && body.approval_status !== 'approved')
    problems.push(`status ${body.status} but approval_status ${body.approval_status}`);
  return problems;
}

async function checkAgreement(
  run: ModelRun,
  api: ModelApi,
  label: string,
  refused: boolean,
): Promise<void> {
  const change = run.change!;
  if (refused && run.head !== null) {
    // Nothing recorded, so nothing to read again: the state is the one checked last.
    const head = await api.head(change.id);
    assert.equal(head, run.head, `${label} was refused yet ${change.id} recorded events`);
    return;
  }
  const answer = await api.get(change.id);
  assert.equal(answer.status, 200, `GET ${change.id} answered ${answer.status}`);
  assert.deepEqual(
    invariantProblems(answer.body),
    [],
    `after ${label}, ${change.id} breaks the approval invariant`,
  );
  assert.deepEqual(
    viewOf(answer.body),
    expectedView(change),
    `after ${label}, GET ${change.id} disagrees with the model`,
  );
  const row = await api.readModel(change.id);
  assert.deepEqual(
    { status: row.status, approvedAt: row.approvedAt, pending: row.pending },
    { status: change.status, approvedAt: change.approvedAt, pending: awaitedRoles(change) },
    `after ${label}, the read models of ${change.id} disagree with the model`,
  );
  run.head = row.head;
}

// --- the commands -------------------------------------------------------------------------------

const contentArb: fc.Arbitrary<Content> = fc.record({
  title: fc.constant('Model'),
  changeType: fc.constantFrom(...CHANGE_TYPES),
  priority: fc.constantFrom(...PRIORITIES),
  affectedSystems: fc.constant(['billing']),
  rollbackPlan: fc.constantFrom<Content['rollbackPlan']>('complete', 'complete', 'prose', null),
  riskLevel: fc.constantFrom<Content['riskLevel']>(null, 'high'),
  riskAssessment: fc.constantFrom<string | null>(null, 'Bounded to billing'),
  testPlan: fc.constantFrom<string | null>('Run the suite', 'Run the suite', null),
  testingRequired: fc.boolean(),
});

export class Create implements ModelCommand {
  constructor(
    readonly who: Who,
    readonly input: CreateInput | null,
    readonly emergencyContent: Content | null,
  ) {}
  check(run: Readonly<ModelRun>) {
    return run.change === null;
  }
  async run(run: ModelRun, api: ModelApi): Promise<void> {
    const emergency = this.emergencyContent !== null;
    const given: CreateInput = this.input ?? {
      category: 'normal',
      templateId: null,
      draft: false,
      content: this.emergencyContent!,
    };
    const input = { ...given, content: { ...given.content, title: `Model ${run.token}` } };
    const now = api.clock.iso();
    const attempt = (who: Principal) => rules.create('', who, input, now, emergency);
    const who = resolve(this.who, 'author', (p) => accepted(() => attempt(p)));
    let expected: ModelChange | null = null;
    let refused: Refused | null = null;
    try {
      expected = attempt(who);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      refused = error;
    }
    const body = {
      ...contentBody(input.content),
      description: `Model-based run ${run.token}`,
      ...(emergency
        ? {}
        : {
            category: input.category,
            ...(input.templateId ? { standard_template_id: input.templateId } : {}),
            ...(input.draft ? { draft: true } : {}),
          }),
    };
    const answer = await api.create(who.key, body, emergency);
    coverage.record(
      emergency ? 'CreateEmergency' : 'Create',
      who.key,
      answer.status < 300 ? 'ok' : String(answer.body?.code),
    );
    const said = `${this} answered ${answer.status} ${JSON.stringify(answer.body)}`;
    if (refused) {
      assert.deepEqual(
        { status: answer.status, code: answer.body?.code },
        { status: refused.status, code: refused.code },
        `${said}; the model expected ${refused.status} ${refused.code}`,
      );
      return;
    }
    assert.equal(answer.status, 201, `${said}; the model expected 201`);
    run.change = { ...expected!, id: answer.body.change_request_id };
    assert.equal(answer.body.status, run.change.status, said);
    assert.deepEqual(answer.body.approvers, run.change.required, said);
    await checkAgreement(run, api, String(this), false);
  }
  toString() {
    return this.emergencyContent
      ? `createEmergency(${JSON.stringify(this.emergencyContent)}) by ${this.who}`
      : `create(${JSON.stringify(this.input)}) by ${this.who}`;
  }
}

/** A step of an existing change request: a rule of the model and the request that states it. */
abstract class ChangeStep implements ModelCommand {
  abstract readonly who: Who;
  /** Which usual people `fitting` tries. */
  abstract readonly usual: string;
  /** A step of a sequence's head: taken only when a usual person would succeed (else skipped). */
  onlyWhenItFits = false;
  check(run: Readonly<ModelRun>) {
    if (run.change === null) return false;
    if (!this.onlyWhenItFits) return true;
    const now = run.clock.iso();
    return USUAL[this.usual]!.map(principal).some((p) =>
      accepted(() => this.rule(copyOf(run.change!), p, now, run as ModelRun)),
    );
  }
  abstract rule(change: ModelChange, who: Principal, now: string, run: ModelRun): unknown;
  abstract send(api: ModelApi, id: string, who: Person, run: ModelRun): Promise<Answer>;
  success: number = SUCCESS.step;
  onSuccess?(answer: Answer, result: unknown): void;

  async run(run: ModelRun, api: ModelApi): Promise<void> {
    const now = api.clock.iso();
    const who = resolve(this.who, this.usual, (p) =>
      accepted(() => this.rule(copyOf(run.change!), p, now, run)),
    );
    await step(
      run,
      api,
      this.constructor.name,
      who.key,
      `${this} as ${who.key}`,
      (copy) => this.rule(copy, who, now, run),
      () => this.send(api, run.change!.id, who.key, run),
      this.success,
      this.onSuccess?.bind(this),
    );
  }
}

export type Amendment =
  'document' | 'testPlan' | 'prosePlan' | 'completePlan' | 'retitle' | 'reprioritise' | 'rescope';

export class Amend extends ChangeStep {
  usual = 'owner';
  constructor(
    readonly who: Who,
    readonly amendment: Amendment,
    readonly priority: (typeof PRIORITIES)[number],
  ) {
    super();
  }
  private changes(run: ModelRun): Partial<Content> {
    const content = run.change!.content;
    switch (this.amendment) {
      case 'document':
        return {
          rollbackPlan: 'complete',
          riskLevel: 'high',
          riskAssessment: 'Bounded to billing',
          testPlan: 'Run the suite',
        };
      case 'testPlan':
        return {
          testPlan: content.testPlan === 'Run the suite' ? 'Run the suite twice' : 'Run the suite',
        };
      case 'prosePlan':
        return { rollbackPlan: 'prose' };
      case 'completePlan':
        return { rollbackPlan: 'complete' };
      case 'retitle':
        return { title: `Model ${run.token} v${run.change!.contentVersion + 1}` };
      case 'reprioritise':
        return { priority: this.priority };
      case 'rescope':
        return {
          affectedSystems:
            content.affectedSystems.length === 1 ? ['billing', 'ledger'] : ['billing'],
        };
    }
  }
  rule(change: ModelChange, who: Principal, now: string, run: ModelRun) {
    rules.amend(change, who, this.changes(run), now);
  }
  send(api: ModelApi, id: string, who: Person, run: ModelRun) {
    return api.amend(id, who, contentBody(this.changes(run)));
  }
  override toString() {
    return `amend(${this.amendment}${this.amendment === 'reprioritise' ? ` ${this.priority}` : ''}) by ${this.who}`;
  }
}

export class Submit extends ChangeStep {
  usual = 'owner';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.submit(c, who, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'submit', who);
  }
  override toString() {
    return `submit by ${this.who}`;
  }
}

export class Approve extends ChangeStep {
  usual = 'approver';
  constructor(
    readonly who: Who,
    readonly role: string | null,
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.approve(c, who, this.role, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'approve', who, {
      approved: true,
      ...(this.role ? { role: this.role } : {}),
    });
  }
  override toString() {
    return `approve(${this.role ?? 'any role'}) by ${this.who}`;
  }
}

export class Reject extends ChangeStep {
  usual = 'approver';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal) {
    rules.reject(c, who, null);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'reject', who, { reason: 'Not with this rollback plan' });
  }
  override toString() {
    return `reject by ${this.who}`;
  }
}

export class Cancel extends ChangeStep {
  usual = 'owner';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal) {
    rules.cancel(c, who);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'cancel', who, { reason: 'No longer needed' });
  }
  override toString() {
    return `cancel by ${this.who}`;
  }
}

export class Schedule extends ChangeStep {
  usual = 'owner';
  constructor(
    readonly who: Who,
    readonly hoursAhead: number,
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.schedule(c, who, this.hoursAhead, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'schedule', who, {
      scheduled_for: new Date(
        api.clock.now().getTime() + this.hoursAhead * 3_600_000,
      ).toISOString(),
    });
  }
  override toString() {
    return `schedule(${this.hoursAhead}h ahead) by ${this.who}`;
  }
}

export class Implement extends ChangeStep {
  usual = 'implementer';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.implement(c, who, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'implement', who);
  }
  override toString() {
    return `implement by ${this.who}`;
  }
}

export class Verify extends ChangeStep {
  usual = 'implementer';
  constructor(
    readonly who: Who,
    readonly outcome: 'passed' | 'failed',
    readonly minutes: 'none' | 'minimum' | 'more than elapsed',
  ) {
    super();
  }
  private monitoring(change: ModelChange, now: string): number {
    if (this.minutes === 'none') return 0;
    if (this.minutes === 'minimum') return 30;
    const since = change.implementedAt ?? now;
    return Math.floor((Date.parse(now) - Date.parse(since)) / 60_000) + 5;
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.verify(c, who, this.outcome, this.monitoring(c, now), now);
  }
  send(api: ModelApi, id: string, who: Person, run: ModelRun) {
    return api.step(id, 'verify', who, {
      outcome: this.outcome,
      monitoring_minutes: this.monitoring(run.change!, api.clock.iso()),
    });
  }
  override toString() {
    return `verify(${this.outcome}, ${this.minutes}) by ${this.who}`;
  }
}

export class Complete extends ChangeStep {
  usual = 'implementer';
  constructor(
    readonly who: Who,
    readonly outcome: 'completed' | 'failed',
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal) {
    rules.complete(c, who, this.outcome);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'complete', who, { status: this.outcome });
  }
  override toString() {
    return `complete(${this.outcome}) by ${this.who}`;
  }
}

export class RollBack extends ChangeStep {
  usual = 'implementer';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.rollBack(c, who, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'rollback', who, {
      reason: 'Errors after the deployment',
      incident_id: `INC-${id}`,
    });
  }
  override toString() {
    return `rollback by ${this.who}`;
  }
}

export class Review extends ChangeStep {
  usual = 'reviewer';
  constructor(
    readonly who: Who,
    readonly kind: ReviewKind,
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    rules.review(c, who, this.kind, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'review', who, { kind: this.kind, findings: 'Went as planned' });
  }
  override toString() {
    return `review(${this.kind}) by ${this.who}`;
  }
}

export class RequestException extends ChangeStep {
  usual = 'owner';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal) {
    rules.requestException(c, who);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'exceptions', who, {
      deviation: 'Deploy outside the window',
      risk_assessment: 'Low traffic',
    });
  }
  override toString() {
    return `requestException by ${this.who}`;
  }
}

export class ApproveException extends ChangeStep {
  usual = 'exception';
  constructor(readonly who: Who) {
    super();
  }
  rule(c: ModelChange, who: Principal) {
    rules.approveException(c, who);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'exceptions/approve', who);
  }
  override toString() {
    return `approveException by ${this.who}`;
  }
}

const CI_SOURCE = 'github.com/acme/billing/actions';

export class ReportCi extends ChangeStep {
  usual = 'ci';
  override success = SUCCESS.ingest;
  constructor(
    readonly who: Who,
    readonly report: CiReport,
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    return rules.reportCi(c, who, this.report, CI_SOURCE, boundSources, now);
  }
  send(api: ModelApi, id: string, who: Person, run: ModelRun) {
    run.serial += 1;
    const { report } = this;
    return api.ingest(who, {
      source: CI_SOURCE,
      id: `${run.token}-${run.serial}`,
      type: report.kind,
      occurred_at: api.clock.iso(),
      change_request_id: id,
      ...(report.kind === 'deployment'
        ? { environment: report.environment, outcome: 'success' }
        : report.kind === 'rollback'
          ? { environment: 'production', outcome: 'success' }
          : { outcome: 'success', tests: { total: 10, failed: 0 } }),
    });
  }
  override onSuccess(answer: Answer, result: unknown) {
    const expected = result as { authorized: boolean | null };
    assert.deepEqual(
      { outcome: answer.body.outcome, authorized: answer.body.authorized },
      { outcome: 'recorded', authorized: expected.authorized },
      `${this} answered ${JSON.stringify(answer.body)}`,
    );
  }
  override toString() {
    return `report(${JSON.stringify(this.report)}) by ${this.who}`;
  }
}

/** The production deploy gate's answer, against the model's statement of it (gates.ts). */
export class AskGate implements ModelCommand {
  check(run: Readonly<ModelRun>) {
    return run.change !== null;
  }
  async run(run: ModelRun, api: ModelApi): Promise<void> {
    const change = run.change!;
    const answer = await api.gate(change.id);
    coverage.record('AskGate', 'auditor', answer.status === 200 ? 'ok' : String(answer.status));
    assert.equal(answer.status, 200, `the gate of ${change.id} answered ${answer.status}`);
    const status = (gate: string) =>
      answer.body.gates.find((g: { gate: string }) => g.gate === gate)?.status;
    assert.deepEqual(
      {
        decision: answer.body.decision,
        approval: status('approval'),
        rollbackPlan: status('rollback_plan'),
      },
      productionGate({
        status: change.status,
        emergency: change.emergency,
        rollbackPlanComplete: change.content.rollbackPlan === 'complete',
      }),
      `the gate of ${change.id} (${change.status}) disagrees with the model`,
    );
  }
  toString() {
    return 'askGate';
  }
}

/** Time passes: the monitoring period, the emergency clocks, the notice period. */
export class Wait implements ModelCommand {
  constructor(readonly minutes: number) {}
  check() {
    return true;
  }
  async run(_run: ModelRun, api: ModelApi): Promise<void> {
    coverage.record('Wait', 'auditor', 'ok');
    api.clock.advance(this.minutes);
  }
  toString() {
    return `wait(${this.minutes} min)`;
  }
}

export function createArb(): fc.Arbitrary<ModelCommand> {
  const content = contentArb;
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({
          who: whoArb,
          category: fc.constantFrom<CreateInput['category']>(
            'normal',
            'normal',
            'major',
            'standard',
          ),
          templateId: fc.constantFrom(...CATALOGUE, NOT_IN_CATALOGUE),
          draft: fc.constantFrom(false, false, false, true),
          content,
        })
        .map(
          ({ who, category, templateId, draft, content }) =>
            new Create(
              who,
              {
                category,
                templateId: category === 'standard' ? templateId : null,
                draft,
                content,
              },
              null,
            ),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ who: whoArb, content })
        .map(({ who, content }) => new Create(who, null, content)),
    },
  );
}

/**
 * How a sequence starts: a creation, then some approvals by fitting people and, now and then, an
 * implementation and its verification after the monitoring period — random, and shrinkable like
 * the rest, but biased towards progress so that the later steps are reached in short sequences.
 */
export function headArb(): fc.Arbitrary<ModelCommand[]> {
  return fc
    .record({
      create: createArb(),
      approvals: fc.constantFrom(0, 1, 2, 3, 4, 4, 4),
      progress: fc.constantFrom('none', 'implemented', 'verified'),
    })
    .map(({ create, approvals, progress }) => [
      create,
      ...Array.from({ length: approvals }, () => whenItFits(new Approve('fitting', null))),
      ...(progress !== 'none' ? [whenItFits(new Implement('fitting')), new Wait(31)] : []),
      ...(progress === 'verified' ? [whenItFits(new Verify('fitting', 'passed', 'minimum'))] : []),
    ]);
}

export function stepArb(): fc.Arbitrary<ModelCommand> {
  const approverRole = fc.oneof(
    { weight: 6, arbitrary: fc.constant<string | null>(null) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | null>(
        'engineering-manager',
        'ciso',
        'qa',
        'security-team-lead',
        'auditor',
      ),
    },
  );
  return fc.oneof(
    { weight: 2, arbitrary: createArb() },
    {
      weight: 3,
      arbitrary: fc
        .record({
          who: whoArb,
          amendment: fc.constantFrom<Amendment>(
            'document',
            'testPlan',
            'prosePlan',
            'completePlan',
            'retitle',
            'reprioritise',
            'rescope',
          ),
          priority: fc.constantFrom(...PRIORITIES),
        })
        .map(({ who, amendment, priority }) => new Amend(who, amendment, priority)),
    },
    { weight: 1, arbitrary: whoArb.map((who) => new Submit(who)) },
    {
      weight: 10,
      arbitrary: fc
        .record({ who: whoArb, role: approverRole })
        .map(({ who, role }) => new Approve(who, role)),
    },
    { weight: 1, arbitrary: whoArb.map((who) => new Reject(who)) },
    { weight: 1, arbitrary: whoArb.map((who) => new Cancel(who)) },
    {
      weight: 1,
      arbitrary: fc
        .record({ who: whoArb, hours: fc.constantFrom(1, 48) })
        .map(({ who, hours }) => new Schedule(who, hours)),
    },
    { weight: 4, arbitrary: whoArb.map((who) => new Implement(who)) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          who: whoArb,
          outcome: fc.constantFrom<'passed' | 'failed'>('passed', 'passed', 'failed'),
          minutes: fc.constantFrom<Verify['minutes']>(
            'none',
            'minimum',
            'minimum',
            'more than elapsed',
          ),
        })
        .map(({ who, outcome, minutes }) => new Verify(who, outcome, minutes)),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          who: whoArb,
          outcome: fc.constantFrom<'completed' | 'failed'>('completed', 'completed', 'failed'),
        })
        .map(({ who, outcome }) => new Complete(who, outcome)),
    },
    { weight: 1, arbitrary: whoArb.map((who) => new RollBack(who)) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          who: whoArb,
          kind: fc.constantFrom<ReviewKind>('post_hoc', 'post_incident', 'post_implementation'),
        })
        .map(({ who, kind }) => new Review(who, kind)),
    },
    { weight: 1, arbitrary: whoArb.map((who) => new RequestException(who)) },
    { weight: 1, arbitrary: whoArb.map((who) => new ApproveException(who)) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          who: whoArb,
          report: fc.constantFrom<CiReport>(
            { kind: 'deployment', environment: 'production' },
            { kind: 'deployment', environment: 'production' },
            { kind: 'deployment', environment: 'staging' },
            { kind: 'rollback' },
            { kind: 'test_run' },
          ),
        })
        .map(({ who, report }) => new ReportCi(who, report)),
    },
    { weight: 1, arbitrary: fc.constant(new AskGate()) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(1, 10, 31, 31, 25 * 60, 8 * 24 * 60).map((m) => new Wait(m)),
    },
  );
}
