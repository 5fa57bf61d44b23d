import { CHANGE_MANAGEMENT, getJson } from '../api-client';
import { type CatalogueTemplate, type StandardChangeTemplatesAnswer } from '../api-types';
import { badge, changeLink, h, section, table } from '../dom';
import { formatPercent, formatTime } from '../format';

const TONES = {
  active: 'good',
  proposed: 'neutral',
  rejected: 'neutral',
  suspended: 'bad',
  retired: 'neutral',
} as const;

/**
 * The standard-change catalogue: each template, what it pre-approves (its version in force and
 * constraints), what awaits the CAB, and how its instances went. Read only: templates are
 * proposed, approved and retired through the API (README "The standard-change catalogue").
 */
export async function catalogueView(): Promise<HTMLElement[]> {
  const { templates } = await getJson<StandardChangeTemplatesAnswer>(
    `${CHANGE_MANAGEMENT}/standard-change-templates`,
  );
  return [
    section(
      'Templates',
      h(
        'p',
        { class: 'hint' },
        'A standard change is pre-approved only by an active template whose every constraint it fits; a template whose change was rolled back or caused an incident is suspended until the CAB re-approves it.',
      ),
      table(
        'Standard-change templates, their constraints and how their changes went',
        [
          'Template',
          'Status',
          'Version',
          'Change types',
          'At most',
          'Systems',
          'Test plan',
          'Uses',
          'Success rate',
          'Rollbacks',
          'Incidents',
          'Awaiting',
        ],
        templates.map((template) => {
          const limits = template.constraints;
          return [
            h('span', { title: template.title }, template.template_id),
            badge(template.status, TONES[template.status]),
            template.version === null ? '–' : `v${template.version}`,
            limits ? limits.change_types.join(', ') : '–',
            limits ? `${limits.max_priority} priority, ${limits.max_risk_level} risk` : '–',
            limits ? limits.affected_systems.join(', ') : '–',
            limits ? (limits.test_plan_required ? 'required' : 'optional') : '–',
            String(template.usage.uses),
            formatPercent(template.usage.success_rate),
            String(template.usage.rolled_back),
            String(template.usage.incidents),
            awaiting(template),
          ];
        }),
        'no template yet.',
      ),
    ),
  ];
}

function awaiting(template: CatalogueTemplate): HTMLElement | string {
  if (template.suspension)
    return h(
      'span',
      {},
      `re-approval (suspended ${formatTime(template.suspension.since)} by `,
      changeLink(template.suspension.change_request_id),
      `): ${template.awaiting_approval?.remaining_approvals.join(', ') ?? ''}`,
    );
  if (template.awaiting_approval)
    return `v${template.awaiting_approval.version}: ${template.awaiting_approval.remaining_approvals.join(', ')}`;
  return template.retired ? `retired: ${template.retired.reason}` : '';
}
