import fc from 'fast-check';
import {
  Amend,
  Approve,
  AskGate,
  type Amendment,
  type ChangeStep,
  Complete,
  Create,
  type ModelCommand,
  CI_SOURCES,
  PlainStep,
  ReportCi,
  RequestException,
  Review,
  Schedule,
  Verify,
  Wait,
  type Who,
} from './commands';
import { type Content, type CiReport, type CreateInput } from './change-model';
import { WAIVABLE } from './gates';
import { PRINCIPALS } from './principals';
import { CHANGE_TYPES, PRIORITIES, type ReviewKind } from './seed-rules';
import { CATALOGUE, NOT_IN_CATALOGUE, TEMPLATES } from './standard-changes';

/**
 * What fast-check draws for the model-based test: who acts (`fitting` more often than anyone in
 * particular), the content of a creation, a sequence's head and its other commands, weighted so
 * that short sequences reach the later steps.
 */

const PEOPLE = PRINCIPALS.map((p) => p.key);
const whoArb: fc.Arbitrary<Who> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Who>('fitting') },
  { weight: 1, arbitrary: fc.constantFrom<Who>(...PEOPLE) },
);

/** Who reports CI facts: often one of the CI services in particular, so their reach is tried. */
const SERVICES = PRINCIPALS.filter((p) => p.kind === 'service').map((p) => p.key);
const reporterArb: fc.Arbitrary<Who> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Who>('fitting') },
  { weight: 2, arbitrary: fc.constantFrom<Who>(...SERVICES) },
  { weight: 1, arbitrary: fc.constantFrom<Who>(...PEOPLE) },
);

const contentArb: fc.Arbitrary<Content> = fc.record({
  title: fc.constant('Model'),
  changeType: fc.constantFrom(...CHANGE_TYPES),
  priority: fc.constantFrom(...PRIORITIES),
  affectedSystems: fc.constant(['billing']),
  rollbackPlan: fc.constantFrom<Content['rollbackPlan']>('complete', 'complete', 'prose', null),
  riskLevel: fc.constantFrom<Content['riskLevel']>(null, 'low', 'high'),
  riskAssessment: fc.constantFrom<string | null>(null, 'Bounded to billing'),
  testPlan: fc.constantFrom<string | null>('Run the suite', 'Run the suite', null),
  testingRequired: fc.boolean(),
  repository: fc.constantFrom<string | null>(
    null,
    'github.com/acme/billing',
    'gitlab.com/other/api',
  ),
});

/** Whether the bot the model's policy names files a standard change (one in five). */
const botArb = fc.constantFrom(false, false, false, false, true);

/**
 * A standard change's content: usually one that fits its template (else few standard changes
 * would be pre-approved and their later steps seldom reached), now and then any content at all.
 */
function standardContentArb(templateId: string): fc.Arbitrary<Content> {
  const template = TEMPLATES[templateId];
  if (!template) return contentArb;
  const fitting = fc.record({
    title: fc.constant('Model'),
    changeType: fc.constantFrom(...template.changeTypes),
    priority: fc.constantFrom(
      ...PRIORITIES.slice(PRIORITIES.indexOf(template.maxPriority)).reverse(),
    ),
    affectedSystems: fc.constant<string[]>(['billing']),
    // Left out, the template's plan is filled in.
    rollbackPlan: fc.constantFrom<Content['rollbackPlan']>(null, null, 'complete'),
    riskLevel: fc.constant<Content['riskLevel']>('low'),
    riskAssessment: fc.constantFrom<string | null>(null, 'Bounded to billing'),
    testPlan: fc.constant<string | null>('Run the suite'),
    testingRequired: fc.boolean(),
    repository: fc.constantFrom<string | null>(null, 'github.com/acme/billing'),
  });
  return fc.oneof({ weight: 3, arbitrary: fitting }, { weight: 1, arbitrary: contentArb });
}

/** `step`, taken only when it fits (a sequence's head: no request for a step that cannot go). */
const whenItFits = <S extends ChangeStep>(step: S): S => {
  step.onlyWhenItFits = true;
  const said = step.toString();
  step.toString = () => `${said} when it fits`;
  return step;
};

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
        })
        .chain((drawn) =>
          drawn.category === 'standard'
            ? fc
                .record({ content: standardContentArb(drawn.templateId), bot: botArb })
                .map(({ content, bot }) => ({
                  ...drawn,
                  content,
                  who: bot ? 'standardChangeBot' : drawn.who,
                }))
            : content.map((drawnContent) => ({ ...drawn, content: drawnContent })),
        )
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
 * How a sequence starts: a creation, then some approvals by fitting people, now and then an
 * exception waiving every gate an exception may waive (so that a production deployment can be
 * authorized: with the seed policy the code review never passes on its evidence), and now and
 * then a schedule whose window has come, or an implementation — by hand or by a production
 * deployment CI reports — and its verification after the monitoring period. Random, and shrinkable like the rest, but biased
 * towards progress so that the later steps are reached in short sequences.
 */
export function headArb(): fc.Arbitrary<ModelCommand[]> {
  return fc
    .record({
      create: createArb(),
      approvals: fc.constantFrom(0, 1, 2, 3, 4, 4, 4),
      waiver: fc.constantFrom(false, false, true),
      progress: fc.constantFrom('none', 'scheduled', 'implemented', 'deployed', 'verified'),
    })
    .map(({ create, approvals, waiver, progress }) => [
      create,
      ...Array.from({ length: approvals }, () => whenItFits(new Approve('fitting', null))),
      ...(waiver
        ? [
            whenItFits(new RequestException('fitting', [...WAIVABLE])),
            whenItFits(new PlainStep('ApproveException', 'fitting')),
            whenItFits(new PlainStep('ApproveException', 'fitting')),
            // An approved change's gate then allows, every failing gate passed by the exception.
            new AskGate(),
          ]
        : []),
      // Scheduled a day ahead and the day gone by: the window of the gate is open.
      ...(progress === 'scheduled'
        ? [whenItFits(new Schedule('fitting', 25)), new Wait(25 * 60)]
        : []),
      ...(progress === 'deployed'
        ? [whenItFits(new ReportCi('fitting', { kind: 'deployment', environment: 'production' }))]
        : []),
      ...(progress === 'implemented' || progress === 'verified'
        ? [whenItFits(new PlainStep('Implement', 'fitting'))]
        : []),
      ...(progress === 'implemented' || progress === 'deployed' || progress === 'verified'
        ? [new Wait(31)]
        : []),
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
    { weight: 1, arbitrary: whoArb.map((who) => new PlainStep('Submit', who)) },
    {
      weight: 10,
      arbitrary: fc
        .record({ who: whoArb, role: approverRole })
        .map(({ who, role }) => new Approve(who, role)),
    },
    { weight: 1, arbitrary: whoArb.map((who) => new PlainStep('Reject', who)) },
    { weight: 1, arbitrary: whoArb.map((who) => new PlainStep('Cancel', who)) },
    {
      weight: 1,
      arbitrary: fc
        .record({ who: whoArb, hours: fc.constantFrom(1, 25, 48) })
        .map(({ who, hours }) => new Schedule(who, hours)),
    },
    { weight: 4, arbitrary: whoArb.map((who) => new PlainStep('Implement', who)) },
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
    { weight: 1, arbitrary: whoArb.map((who) => new PlainStep('RollBack', who)) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          who: whoArb,
          kind: fc.constantFrom<ReviewKind>('post_hoc', 'post_incident', 'post_implementation'),
        })
        .map(({ who, kind }) => new Review(who, kind)),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          who: whoArb,
          gates: fc.constantFrom<string[]>(
            [],
            ['code_review', 'security_scan'],
            [...WAIVABLE],
            [...WAIVABLE],
            ['approval'],
            ['rollback_plan', 'code_review'],
          ),
        })
        .map(({ who, gates }) => new RequestException(who, gates)),
    },
    { weight: 1, arbitrary: whoArb.map((who) => new PlainStep('ApproveException', who)) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          who: reporterArb,
          report: fc.constantFrom<CiReport>(
            { kind: 'deployment', environment: 'production' },
            { kind: 'deployment', environment: 'production' },
            { kind: 'deployment', environment: 'staging' },
            { kind: 'rollback' },
            { kind: 'test_run', passing: true },
            { kind: 'test_run', passing: false },
            { kind: 'security_scan', clean: true },
            { kind: 'security_scan', clean: false },
          ),
          source: fc.oneof(
            { weight: 6, arbitrary: fc.constant(CI_SOURCES[0]) },
            { weight: 2, arbitrary: fc.constant(CI_SOURCES[1]) },
            { weight: 1, arbitrary: fc.constant(CI_SOURCES[2]) },
          ),
        })
        .map(({ who, report, source }) => new ReportCi(who, report, source)),
    },
    { weight: 2, arbitrary: fc.constant(new AskGate()) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(1, 10, 31, 31, 25 * 60, 8 * 24 * 60).map((m) => new Wait(m)),
    },
  );
}
