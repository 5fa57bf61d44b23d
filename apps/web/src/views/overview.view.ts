import { ApiError, CHANGE_MANAGEMENT, getJson } from '../api-client';
import { type ChangeRequestsAnswer, type KeyMetric, type MetricsAnswer } from '../api-types';
import { trendChart, type TrendPoint } from '../charts';
import { badge, changeLink, h, section, table } from '../dom';
import { filterForm, type Filters } from '../filters';
import {
  formatHours,
  formatMetric,
  formatPercent,
  formatTime,
  listCount,
  METRIC_NAMES,
  monthLabel,
  monthsEndingWith,
  nextMonth,
  periodOfMonths,
  monthStart,
} from '../format';

/** API-METRICS' key metrics against their targets, their trend, DORA's four keys: /metrics. */
export async function overviewView(filters: Filters): Promise<HTMLElement[]> {
  const narrowing = {
    category: filters.category,
    priority: filters.priority,
    affected_system: filters.system,
  };
  const period = periodOfMonths(filters.from, filters.to);
  const months = monthsEndingWith(filters.to, 12);
  const [metrics, trend, changes] = await Promise.all([
    getJson<MetricsAnswer>(`${CHANGE_MANAGEMENT}/metrics`, { ...period, ...narrowing }),
    Promise.all(
      months.map((month) =>
        getJson<MetricsAnswer>(`${CHANGE_MANAGEMENT}/metrics`, {
          from: monthStart(month),
          to: monthStart(nextMonth(month)),
          ...narrowing,
        }),
      ),
    ),
    getJson<ChangeRequestsAnswer>(`${CHANGE_MANAGEMENT}/change-requests`, listQuery(filters)),
  ]);
  const labels = months.map(monthLabel);
  const series = (pick: (month: MetricsAnswer) => number | null): TrendPoint[] =>
    trend.map((month, index) => ({ label: labels[index]!, value: pick(month) }));

  return [
    filterForm(
      'overview',
      filters,
      'Filters narrow the changes counted; unauthorized changes have no category or priority, so only the system narrows them.',
    ),
    section(
      'Key metrics',
      h(
        'p',
        { class: 'period', 'data-period-from': metrics.from, 'data-period-to': metrics.to },
        `Changes from ${formatTime(metrics.from)} to ${formatTime(metrics.to)} (end excluded), against 004's targets.`,
      ),
      h(
        'ul',
        { class: 'cards' },
        metrics.key_metrics.map(metricCard),
        h(
          'li',
          { class: 'card', 'data-metric': 'unauthorized_changes' },
          h('h3', {}, 'Unauthorized changes'),
          h('p', { class: 'value' }, String(metrics.unauthorized_changes.count)),
          h('p', { class: 'target' }, `target ${metrics.unauthorized_changes.target}`),
          metrics.unauthorized_changes.count <= metrics.unauthorized_changes.target
            ? badge('✓ met', 'good')
            : badge('✗ missed', 'bad'),
        ),
      ),
    ),
    section(
      'Trend over the last 12 months',
      h(
        'div',
        { class: 'charts' },
        metrics.key_metrics.map((metric) =>
          trendChart({
            title: METRIC_NAMES[metric.metric] ?? metric.metric,
            points: series(
              (month) => month.key_metrics.find((each) => each.metric === metric.metric)!.value,
            ),
            format: (value) => formatMetric(value, metric.unit),
            target: targetOf(metric),
          }),
        ),
      ),
    ),
    section(
      "DORA's four keys",
      h(
        'ul',
        { class: 'cards' },
        doraCard(
          'Deployment frequency',
          `${metrics.dora.deployment_frequency.per_day}/day`,
          `${metrics.dora.deployment_frequency.deployments} deployments`,
        ),
        doraCard(
          'Lead time for changes',
          formatHours(metrics.dora.lead_time_for_changes.median_hours),
          'median, request → production',
        ),
        doraCard(
          'Change failure rate',
          formatPercent(metrics.dora.change_failure_rate),
          'failed or rolled back',
        ),
        doraCard(
          'Failed deployment recovery time',
          formatHours(metrics.dora.failed_deployment_recovery_time.median_hours),
          `median over ${metrics.dora.failed_deployment_recovery_time.rollbacks} rollbacks`,
        ),
      ),
      h(
        'div',
        { class: 'charts' },
        trendChart({
          title: 'Deployments per day',
          points: series((month) => month.dora.deployment_frequency.per_day),
          format: (value) => `${Math.round(value * 100) / 100}`,
        }),
        trendChart({
          title: 'Lead time (median)',
          points: series((month) => month.dora.lead_time_for_changes.median_hours),
          format: formatHours,
        }),
        trendChart({
          title: 'Change failure rate',
          points: series((month) => month.dora.change_failure_rate),
          format: formatPercent,
        }),
        trendChart({
          title: 'Recovery time (median)',
          points: series((month) => month.dora.failed_deployment_recovery_time.median_hours),
          format: formatHours,
        }),
      ),
    ),
    section(
      'Deadlines missed',
      table(
        'Deadlines recorded as missed, changes created in the period',
        ['Deadline', 'Missed'],
        Object.entries(metrics.deadlines_missed).map(([kind, count]) => [
          kind.replace(/_/g, ' '),
          String(count),
        ]),
      ),
    ),
    section('Change requests', changeList(filters, changes)),
  ];
}

const LIST_PAGE = 20;

function listQuery(filters: Filters, cursor?: string) {
  return {
    category: filters.category,
    priority: filters.priority,
    affected_system: filters.system,
    ...periodOfMonths(filters.from, filters.to),
    limit: LIST_PAGE,
    cursor,
  };
}

/**
 * The period's change requests, newest first. The API answers pages without a total, so the
 * heading counts all of them only once the last page is in, and says "the first N" before.
 */
function changeList(filters: Filters, first: ChangeRequestsAnswer): HTMLElement {
  const container = h('div', { id: 'change-requests' });
  const items = [...first.items];
  let cursor = first.next_cursor;
  const show = () => {
    const more = h('button', { type: 'button' }, `Show ${LIST_PAGE} more`);
    more.addEventListener('click', () => {
      more.disabled = true;
      void getJson<ChangeRequestsAnswer>(
        `${CHANGE_MANAGEMENT}/change-requests`,
        listQuery(filters, cursor ?? undefined),
      ).then(
        (page) => {
          items.push(...page.items);
          cursor = page.next_cursor;
          show();
        },
        (error: unknown) => {
          more.disabled = false;
          container.append(
            h(
              'p',
              { class: 'error', role: 'alert' },
              error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error),
            ),
          );
        },
      );
    });
    const rows = table(
      `Change requests created in the period, newest first: ${listCount(items.length, cursor !== null)}`,
      ['Change', 'Title', 'Status', 'Category', 'Priority', 'Systems', 'Created'],
      items.map((change) => [
        changeLink(change.change_request_id),
        change.title,
        change.status.replace(/_/g, ' '),
        change.emergency ? `${change.category} (emergency)` : change.category,
        change.priority,
        change.affected_systems.join(', '),
        formatTime(change.created_at),
      ]),
      'none',
    );
    const pager = h('nav', { class: 'pager', 'aria-label': 'More change requests' }, more);
    container.replaceChildren(rows, ...(cursor === null ? [] : [pager]));
  };
  show();
  return container;
}

function metricCard(metric: KeyMetric): HTMLElement {
  return h(
    'li',
    { class: 'card', 'data-metric': metric.metric },
    h('h3', {}, METRIC_NAMES[metric.metric] ?? metric.metric),
    h(
      'p',
      { class: 'value', 'data-value': metric.value === null ? '' : String(metric.value) },
      formatMetric(metric.value, metric.unit),
    ),
    h(
      'p',
      { class: 'target' },
      `target ${metric.target} · ${metric.sample_size} ${metric.sample_size === 1 ? 'change' : 'changes'}`,
    ),
    metric.met === null
      ? badge('— no data', 'neutral')
      : metric.met
        ? badge('✓ met', 'good')
        : badge('✗ missed', 'bad'),
    h('details', {}, h('summary', {}, 'How it is counted'), h('p', {}, metric.definition)),
  );
}

function doraCard(title: string, value: string, note: string): HTMLElement {
  return h(
    'li',
    { class: 'card' },
    h('h3', {}, title),
    h('p', { class: 'value' }, value),
    h('p', { class: 'target' }, note),
  );
}

/** `> 95%` → 0.95, `< 24h` → 24: where the target line goes. */
function targetOf(metric: KeyMetric): { value: number; label: string } | undefined {
  const match = /^[<>]\s*([\d.]+)(%|h)$/.exec(metric.target);
  if (!match) return undefined;
  const value = Number(match[1]);
  return { value: match[2] === '%' ? value / 100 : value, label: metric.target };
}
