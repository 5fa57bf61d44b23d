import { h } from './dom';
import { monthOf, monthsEndingWith } from './format';

/**
 * The filters every view shares (period, category, priority, system), kept in the location's
 * hash (`#/overview?from=2025-01&to=2025-12&priority=high`) so a view can be bookmarked. The
 * hash never holds the token.
 */
export interface Filters {
  from: string;
  to: string;
  category: string;
  priority: string;
  system: string;
}

export const CATEGORIES = ['standard', 'normal', 'major', 'emergency'];
export const PRIORITIES = ['critical', 'high', 'medium', 'low'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function filtersFrom(params: URLSearchParams, now: Date): Filters {
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : monthOf(now);
  const from = MONTH.test(params.get('from') ?? '')
    ? params.get('from')!
    : monthsEndingWith(to, 12)[0]!;
  return {
    from: from <= to ? from : to,
    to,
    category: CATEGORIES.includes(params.get('category') ?? '') ? params.get('category')! : '',
    priority: PRIORITIES.includes(params.get('priority') ?? '') ? params.get('priority')! : '',
    system: (params.get('system') ?? '').slice(0, 200),
  };
}

export function filtersQuery(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params.toString();
}

/** The filter form; applying it moves to the same view with the new filters. */
export function filterForm(route: string, filters: Filters, narrows: string): HTMLElement {
  const field = (label: string, control: HTMLElement) =>
    h('label', { class: 'field' }, h('span', {}, label), control);
  const select = (name: string, options: string[], value: string) =>
    h(
      'select',
      { name },
      h('option', { value: '' }, 'all'),
      options.map((option) => h('option', { value: option, selected: option === value }, option)),
    );
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filters' },
    field(
      'From month',
      h('input', { type: 'month', name: 'from', value: filters.from, required: true }),
    ),
    field('To month', h('input', { type: 'month', name: 'to', value: filters.to, required: true })),
    field('Category', select('category', CATEGORIES, filters.category)),
    field('Priority', select('priority', PRIORITIES, filters.priority)),
    field(
      'System',
      h('input', {
        type: 'text',
        name: 'system',
        value: filters.system,
        placeholder: 'any',
        autocomplete: 'off',
        maxlength: 200,
      }),
    ),
    h('button', { type: 'submit' }, 'Apply'),
    h('p', { class: 'hint' }, narrows),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '');
    location.hash = `#/${route}?${filtersQuery({
      from: value('from'),
      to: value('to'),
      category: value('category'),
      priority: value('priority'),
      system: value('system').trim(),
    })}`;
  });
  return form;
}
