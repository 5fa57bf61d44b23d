import { type ChangeRequestWithConflicts } from '../api-types';
import { badge, h, section, table } from '../dom';
import { formatTime } from '../format';

/** SOC-ROLLBACK-PLAN's five parts, or a plan in prose as written, or none. */
type RollbackPlan = ChangeRequestWithConflicts['rollback_plan'];

/**
 * What the requester filed, as a reviewer reads it before deciding: the request and why, the
 * plans (implementation, test, SOC-ROLLBACK-PLAN's five-part rollback), the risk and the schedule. A part
 * left out is said to be missing rather than hidden.
 */
type Term = [string, string | Node];

function facts(rows: Term[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

/** Text as the requester wrote it, line breaks kept; "not given" when they left it out. */
function prose(text: string | null | undefined): HTMLElement {
  return text ? h('span', { class: 'prose' }, text) : h('span', { class: 'missing' }, 'not given');
}

function list(items: readonly string[]): HTMLElement {
  return h(
    'ol',
    { class: 'steps' },
    items.map((item) => h('li', {}, item)),
  );
}

export function requestSection(change: ChangeRequestWithConflicts): HTMLElement {
  const links = change.links;
  const linkRows: Term[] = (
    [
      ['Repository', links.repository],
      ['Pull request', links.pull_request],
      ['Commit', links.commit_sha],
      ['Artifact', links.artifact_digest],
    ] as const
  ).flatMap(([term, value]) => (value ? [[term, h('code', {}, value)] as Term] : []));
  return section(
    'The request',
    facts([
      ['Description', prose(change.description)],
      ['Business justification', prose(change.business_justification)],
      ['Affected systems', change.affected_systems.join(', ')],
      ['Impact scope', prose(change.impact_scope)],
      ...linkRows,
    ]),
  );
}

export function plansSection(change: ChangeRequestWithConflicts): HTMLElement {
  return section(
    'Plans',
    facts([
      ['Implementation plan', prose(change.implementation_plan)],
      [
        'Test plan',
        h(
          'span',
          {},
          prose(change.test_plan),
          change.test_environment ? ` (in ${change.test_environment})` : null,
          change.testing_required ? ' — the requester marked testing as required' : null,
        ),
      ],
    ]),
    h('h3', { class: 'sub' }, 'Rollback plan'),
    rollbackPlan(change.rollback_plan),
  );
}

function rollbackPlan(plan: RollbackPlan): HTMLElement {
  if (plan === null)
    return h(
      'p',
      { class: 'missing' },
      'None given: the rollback-plan gate fails until it has 003 §4’s five parts.',
    );
  if (typeof plan === 'string')
    return h(
      'div',
      {},
      h('p', { class: 'prose' }, plan),
      h(
        'p',
        { class: 'hint' },
        'Written as prose: the rollback-plan gate asks for 003 §4’s five parts (trigger, steps, owner, verification, time).',
      ),
    );
  return facts([
    ['Trigger', plan.trigger_condition],
    ['Steps', list(plan.steps)],
    ['Owner', plan.owner],
    ['Verification', list(plan.verification_steps)],
    ['Time estimate', `${plan.time_estimate_minutes} min`],
  ]);
}

const RISK_TONES: Record<string, 'good' | 'warn' | 'bad'> = {
  low: 'good',
  medium: 'warn',
  high: 'bad',
};

export function riskSection(change: ChangeRequestWithConflicts): HTMLElement {
  return section(
    'Risk',
    facts([
      [
        'Risk level',
        change.risk_level
          ? badge(change.risk_level, RISK_TONES[change.risk_level] ?? 'neutral')
          : prose(null),
      ],
      ['Risk assessment', prose(change.risk_assessment)],
      ['Security considerations', prose(change.security_considerations)],
    ]),
    change.exceptions.length > 0 &&
      table(
        'Policy exceptions asked for this change (002 §5)',
        ['Exception', 'Deviation', 'Gates', 'Asked by', 'State'],
        change.exceptions.map((exception) => [
          exception.exception_id,
          exception.deviation,
          exception.gates.join(', ').replace(/_/g, ' ') || '—',
          exception.requested_by,
          exception.approved ? badge('approved', 'warn') : badge('awaiting sign-off', 'neutral'),
        ]),
      ),
  );
}

export function scheduleSection(change: ChangeRequestWithConflicts): HTMLElement {
  return section(
    'Schedule',
    facts([
      [
        'Scheduled for',
        change.scheduled_for
          ? formatTime(change.scheduled_for)
          : h('span', { class: 'missing' }, 'not scheduled'),
      ],
      ['Until', change.scheduled_until ? formatTime(change.scheduled_until) : '—'],
      ['Approval due', formatTime(change.approval_due_at)],
    ]),
  );
}
