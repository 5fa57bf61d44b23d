import { ApiError, CHANGE_MANAGEMENT, getJson } from '../api-client';
import { type ChangeRequest, type CiEvents, type Gates, type History } from '../api-types';
import { badge, h, section, table } from '../dom';
import { formatTime } from '../format';

/** One change request: its state, approvals, the deploy gate's answer and its history. */
export async function changeRequestView(id: string): Promise<HTMLElement[]> {
  const base = `${CHANGE_MANAGEMENT}/change-requests/${encodeURIComponent(id)}`;
  const [change, history, gates, ciEvents] = await Promise.all([
    getJson<ChangeRequest>(base),
    getJson<History>(`${base}/history`),
    // The gate answers for any change; a refusal to answer is shown, not fatal to the page.
    getJson<Gates>(`${base}/gates`, { environment: 'production' }).catch((error: unknown) =>
      error instanceof ApiError ? error : Promise.reject(error),
    ),
    getJson<CiEvents>('/api/v1/ci-events', { change_request_id: id, limit: '200' }),
  ]);
  const facts: [string, string | HTMLElement][] = [
    ['Status', badge(change.status.replace(/_/g, ' '), statusTone(change.status))],
    ['Category', change.category],
    ['Priority', change.priority],
    ['Type', change.change_type],
    ['Affected systems', change.affected_systems.join(', ')],
    ['Requester', change.requester],
    ['Created', formatTime(change.created_at)],
    ['Approval due', formatTime(change.approval_due_at)],
    ['Approved', formatTime(change.approved_at)],
    ['Implementation started', formatTime(change.implementation_started)],
    ['Completed', formatTime(change.completed_at)],
  ];
  if (change.emergency) {
    facts.push(
      ['Documentation due (24 h)', formatTime(change.emergency.documentation_due_at)],
      ['Documented', formatTime(change.emergency.documented_at)],
      [
        'Post-hoc review due (5 business days)',
        formatTime(change.emergency.post_hoc_review_due_at),
      ],
      ['Post-hoc reviewed', formatTime(change.emergency.post_hoc_reviewed_at)],
    );
  }
  if (change.incident)
    facts.push(['Incident', `${change.incident.incident_id} (${change.incident.severity})`]);

  return [
    h('p', { class: 'description' }, change.description),
    section(
      'State',
      h(
        'dl',
        { class: 'facts' },
        facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
      ),
    ),
    section(
      'Approvals',
      table(
        'Required approvals',
        ['Role', 'Approved by', 'When'],
        change.required_approvals.map((required) => [
          required.role,
          required.approved_by ?? badge('pending', 'warn'),
          formatTime(required.approved_at),
        ]),
        'none required (pre-approved)',
      ),
      change.approvals.length > 0 &&
        table(
          'Approvals given, with their comments and conditions',
          ['Role', 'By', 'When', 'Comments', 'Conditions'],
          change.approvals.map((approval) => [
            approval.role,
            approval.approved_by,
            formatTime(approval.approved_at),
            approval.comments ?? '—',
            approval.conditions.join('; ') || '—',
          ]),
        ),
    ),
    section(
      'Deploy gate (production)',
      gates instanceof ApiError
        ? h('p', {}, `The gate did not answer: ${gates.detail}`)
        : [
            h(
              'p',
              {},
              'Decision: ',
              gates.decision === 'allow' ? badge('✓ allow', 'good') : badge('✗ deny', 'bad'),
              ` (evaluated ${formatTime(gates.evaluated_at)})`,
            ),
            table(
              'Gates of 003 §3',
              ['Gate', 'Status', 'Reason'],
              gates.gates.map((gate) => [
                gate.gate.replace(/_/g, ' '),
                badge(
                  gate.status.replace(/_/g, ' '),
                  gate.status === 'passed'
                    ? 'good'
                    : gate.status === 'failed'
                      ? 'bad'
                      : gate.status === 'passed_by_exception'
                        ? 'warn'
                        : 'neutral',
                ),
                gate.reason ?? '—',
              ]),
            ),
          ],
    ),
    section(
      'CI evidence',
      table(
        'What CI reported about this change, as it said it',
        ['When', 'What it said', 'Source', 'Reported by', 'Not read'],
        ciEvents.ci_events.map((fact) => [
          formatTime(fact.occurred_at),
          fact.said ?? `${fact.kind.replace(/_/g, ' ')}: ${fact.outcome ?? 'outcome not stated'}`,
          fact.source,
          fact.delivered_by,
          fact.unread.length === 0 ? '—' : fact.unread.join(', '),
        ]),
        'no CI fact is linked to it yet',
      ),
    ),
    section(
      'History',
      h(
        'ol',
        { class: 'timeline' },
        history.history.map((entry) =>
          h(
            'li',
            {},
            h('time', { datetime: entry.timestamp }, formatTime(entry.timestamp)),
            h('strong', {}, ` ${entry.action}`),
            ` by ${entry.user}`,
            h('p', {}, entry.details),
            h(
              'p',
              { class: 'evidence' },
              `${entry.event_type} · revision ${entry.revision}` +
                (entry.leaf_index === null
                  ? ' · not yet in the log'
                  : ` · log leaf ${entry.leaf_index}`),
            ),
          ),
        ),
      ),
    ),
  ];
}

function statusTone(status: string): 'good' | 'bad' | 'neutral' | 'warn' {
  if (status === 'completed') return 'good';
  if (['failed', 'rolled_back', 'rejected'].includes(status)) return 'bad';
  if (['pending_approval', 'implementing'].includes(status)) return 'warn';
  return 'neutral';
}
