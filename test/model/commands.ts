import assert from 'node:assert/strict';
import type fc from 'fast-check';
import { completeRollbackPlan } from '../support/change-request-fixtures';
import { type Person } from '../support/test-api';
import { step, SUCCESS, checkAgreement } from './agreement';
import * as rules from './change-model';
import { type Content, type CiReport, type CreateInput, type ModelChange } from './change-model';
import { coverage } from './coverage';
import { type ExpectedGate, GATES, productionGate } from './gates';
import { type Answer, type ModelApi } from './model-api';
import { copyOf, type ModelRun } from './model-run';
import { boundSources, principal, type Principal, Refused } from './principals';
import { type PRIORITIES, type ReviewKind } from './seed-rules';

/**
 * The model-based test's commands (fast-check's `fc.commands`): every command of a change
 * request, by a random principal of every role — or by the principal the model says fits the
 * step (`fitting`: the first of the step's usual people the model expects to succeed), so that
 * sequences get past approval often enough to reach the later steps. Each command asks the model
 * what the API must answer, sends the request, and holds the API to it (agreement.ts).
 */
export type Who = Person | 'fitting';

export type ModelCommand = fc.AsyncCommand<ModelRun, ModelApi>;

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
  ci: ['pipeline', 'acmePipeline', 'otherOrgPipeline', 'otherTeamPipeline'],
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
const FIELD: Record<Exclude<keyof Content, 'repository'>, string> = {
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
    if (field === 'repository') body.links = { repository: value };
    else if (field === 'rollbackPlan') {
      // A template's plan is filled in by the ledger, never sent.
      if (value === 'template') throw new Error('the model sends no template plan');
      body.rollback_plan = PLAN[value as 'complete' | 'prose'];
    } else body[FIELD[field]] = value;
  }
  return body;
}

// --- the commands -------------------------------------------------------------------------------

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
export abstract class ChangeStep implements ModelCommand {
  abstract readonly who: Who;
  /** Which usual people `fitting` tries. */
  abstract readonly usual: string;
  /** The command's name in the run's coverage. */
  get name(): string {
    return this.constructor.name;
  }
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
  /** How a success counts in the run's coverage. */
  coverageOutcome(_answer: Answer): string {
    return 'ok';
  }

  async run(run: ModelRun, api: ModelApi): Promise<void> {
    const now = api.clock.iso();
    const who = resolve(this.who, this.usual, (p) =>
      accepted(() => this.rule(copyOf(run.change!), p, now, run)),
    );
    await step(
      run,
      api,
      this.name,
      who.key,
      `${this} as ${who.key}`,
      (copy) => this.rule(copy, who, now, run),
      () => this.send(api, run.change!.id, who.key, run),
      this.success,
      this.onSuccess?.bind(this),
      (answer) => this.coverageOutcome(answer),
    );
  }
}

/**
 * The steps that take nothing but who acts: the model's rule, the route, and the body sent (its
 * texts fixed: the model does not vary them).
 */
const PLAIN_STEPS = {
  Submit: { usual: 'owner', route: 'submit', body: () => ({}), rule: rules.submit },
  Reject: {
    usual: 'approver',
    route: 'reject',
    body: () => ({ reason: 'Not with this rollback plan' }),
    rule: (c: ModelChange, who: Principal) => rules.reject(c, who, null),
  },
  Cancel: {
    usual: 'owner',
    route: 'cancel',
    body: () => ({ reason: 'No longer needed' }),
    rule: rules.cancel,
  },
  Implement: { usual: 'implementer', route: 'implement', body: () => ({}), rule: rules.implement },
  RollBack: {
    usual: 'implementer',
    route: 'rollback',
    body: (id: string) => ({ reason: 'Errors after the deployment', incident_id: `INC-${id}` }),
    rule: rules.rollBack,
  },
  ApproveException: {
    usual: 'exception',
    route: 'exceptions/approve',
    body: () => ({}),
    rule: rules.approveException,
  },
} satisfies Record<
  string,
  {
    usual: string;
    route: string;
    body: (id: string) => object;
    rule: (change: ModelChange, who: Principal, now: string) => void;
  }
>;
export type PlainStepName = keyof typeof PLAIN_STEPS;

export class PlainStep extends ChangeStep {
  readonly usual: string;
  constructor(
    readonly step: PlainStepName,
    readonly who: Who,
  ) {
    super();
    this.usual = PLAIN_STEPS[step].usual;
  }
  override get name(): string {
    return this.step;
  }
  rule(c: ModelChange, who: Principal, now: string) {
    PLAIN_STEPS[this.step].rule(c, who, now);
  }
  send(api: ModelApi, id: string, who: Person) {
    const { route, body } = PLAIN_STEPS[this.step];
    return api.step(id, route, who, body(id));
  }
  override toString() {
    return `${this.step} by ${this.who}`;
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

/** POL-EXCEPTIONS: an exception requested by the change's owner, naming the gates it is to waive. */
export class RequestException extends ChangeStep {
  usual = 'owner';
  constructor(
    readonly who: Who,
    readonly gates: string[],
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal) {
    rules.requestException(c, who, this.gates);
  }
  send(api: ModelApi, id: string, who: Person) {
    return api.step(id, 'exceptions', who, {
      deviation: 'Deploy without the gates named',
      risk_assessment: 'Low traffic, rollback rehearsed',
      ...(this.gates.length > 0 ? { gates: this.gates } : {}),
    });
  }
  override toString() {
    return `requestException([${this.gates.join(', ')}]) by ${this.who}`;
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

/**
 * The sources CI reports from: acme's own (its changes may register `github.com/acme/billing`),
 * another organisation's (its changes register `gitlab.com/other/api`), and one walking out of
 * acme's namespace with `..` (issue 25: it passed a `github.com/acme/*` binding).
 */
export const CI_SOURCES = [
  'github.com/acme/billing/actions',
  'gitlab.com/other/api/pipelines',
  'github.com/acme/../../gitlab.com/other/api',
] as const;
export type CiSource = (typeof CI_SOURCES)[number];

/** A gate's answer (the gate endpoint's, or the one a deployment recorded) in the model's terms. */
function gateOf(answer: {
  decision: string;
  gates: Array<{ gate: string; status: string; exception_id?: string }>;
}): ExpectedGate {
  const gates = {} as ExpectedGate['gates'];
  for (const name of GATES) {
    const gate = answer.gates.find((g) => g.gate === name);
    gates[name] = {
      status: gate?.status as ExpectedGate['gates'][typeof name]['status'],
      exception: gate?.exception_id ?? null,
    };
  }
  return { decision: answer.decision as ExpectedGate['decision'], gates };
}

export class ReportCi extends ChangeStep {
  usual = 'ci';
  override success = SUCCESS.ingest;
  constructor(
    readonly who: Who,
    readonly report: CiReport,
    readonly source: CiSource = CI_SOURCES[0],
  ) {
    super();
  }
  rule(c: ModelChange, who: Principal, now: string) {
    return rules.reportCi(c, who, this.report, this.source, boundSources, now);
  }
  send(api: ModelApi, id: string, who: Person, run: ModelRun) {
    run.serial += 1;
    const { report } = this;
    return api.ingest(who, {
      source: this.source,
      id: `${run.token}-${run.serial}`,
      type: report.kind,
      occurred_at: api.clock.iso(),
      change_request_id: id,
      ...(report.kind === 'deployment'
        ? { environment: report.environment, outcome: 'success' }
        : report.kind === 'rollback'
          ? { environment: 'production', outcome: 'success' }
          : report.kind === 'test_run'
            ? report.passing
              ? { outcome: 'success', tests: { total: 10, failed: 0 } }
              : { outcome: 'failure', tests: { total: 10, failed: 2 } }
            : { outcome: 'success', findings: { critical: report.clean ? 0 : 2, high: 0 } }),
    });
  }
  override coverageOutcome(answer: Answer): string {
    if (answer.body?.authorized === true) return 'ok (authorized)';
    if (answer.body?.authorized === false) return 'ok (unauthorized)';
    return 'ok';
  }
  override onSuccess(answer: Answer, result: unknown) {
    const expected = result as ReturnType<typeof rules.reportCi>;
    const said = `${this} answered ${JSON.stringify(answer.body)}`;
    assert.deepEqual(
      {
        outcome: answer.body.outcome,
        authorized: answer.body.authorized,
        gate: answer.body.gate && gateOf(answer.body.gate),
      },
      { outcome: 'recorded', authorized: expected.authorized, gate: expected.gate },
      said,
    );
  }
  override toString() {
    return `report(${JSON.stringify(this.report)} from ${this.source}) by ${this.who}`;
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
    assert.equal(answer.status, 200, `the gate of ${change.id} answered ${answer.status}`);
    const actual = gateOf(answer.body);
    coverage.record(
      'AskGate',
      'auditor',
      `ok (${actual.decision}${Object.values(actual.gates).some((g) => g.exception) ? ', by exception' : ''})`,
    );
    assert.deepEqual(
      actual,
      productionGate(rules.gateViewOf(change), api.clock.iso()),
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
