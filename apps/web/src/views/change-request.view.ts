import { ApiError, CHANGE_MANAGEMENT, getJson } from '../api-client';
import {
  type ChangeRequestWithConflicts,
  type CiEventsAnswer,
  type DeployGatesAnswer,
  type ChangeRequestHistoryAnswer,
  type MeAnswer,
} from '../api-types';
import { decisionButton } from '../decision';
import { badge, h, section, table } from '../dom';
import { formatTime } from '../format';
import {
  plansSection,
  requestSection,
  riskSection,
  scheduleSection,
} from './change-request.sections';
import { evidenceSection, gateSection, historySection } from './change-request.evidence';

/**
 * One change request, as a reviewer needs it: what was asked (title, request, plans, risk,
 * schedule), the decision where the signed-in person may give one, its state and approvals,
 * the deploy gate's answer with every reason, what CI said about it (each fact's receipt and
 * leaf on demand), and its history with each event's hash and log leaf.
 */
export async function changeRequestView(
  id: string,
  me: MeAnswer,
  options: {
    heading: HTMLElement;
    announce: (message: string) => void;
    rerender: (minPosition?: string) => void;
  },
): Promise<HTMLElement[]> {
  const base = `${CHANGE_MANAGEMENT}/change-requests/${encodeURIComponent(id)}`;
  const [change, history, gates, ciEvents] = await Promise.all([
    getJson<ChangeRequestWithConflicts>(base),
    getJson<ChangeRequestHistoryAnswer>(`${base}/history`),
    // The gate answers for any change; a refusal to answer is shown, not fatal to the page.
    getJson<DeployGatesAnswer>(`${base}/gates`, { environment: 'production' }).catch(
      (error: unknown) => (error instanceof ApiError ? error : Promise.reject(error)),
    ),
    getJson<CiEventsAnswer>('/api/v1/ci-events', { change_request_id: id, limit: '200' }),
  ]);
  options.heading.replaceChildren(
    h('span', { class: 'change-id' }, change.change_request_id),
    ' ',
    change.title,
  );
  document.title = `${change.change_request_id} ${change.title} · Change Ledger`;
  const facts: [string, string | HTMLElement][] = [
    ['Status', badge(change.status.replace(/_/g, ' '), statusTone(change.status))],
    ['Category', change.category],
    [
      'Priority',
      change.urgency ? `${change.priority} (urgency ${change.urgency})` : change.priority,
    ],
    ['Type', change.change_type],
    ['Requester', change.requester],
    ['Implementer', change.implementer ?? '—'],
    ['Created', formatTime(change.created_at)],
    ['Approval due', formatTime(change.approval_due_at)],
    ['Approved', formatTime(change.approved_at)],
    ['Implementation started', formatTime(change.implementation_started)],
    [
      'Verified',
      change.verification
        ? `${change.verification.outcome} after ${change.verification.monitoring_minutes} min of monitoring (${formatTime(change.verification.verified_at)})`
        : '—',
    ],
    ['Completed', formatTime(change.completed_at)],
    [
      'Policy',
      `${change.policy_version}; content version ${change.content_version}` +
        (change.standard_template_id ? `; standard template ${change.standard_template_id}` : ''),
    ],
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

  const stateSection = section(
    'State',
    h(
      'dl',
      { class: 'facts' },
      facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
  );
  const approvalsSection = section(
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
  );

  // In the order a review reads: what is asked, what CI and the gate say of it, who decided,
  // the decision, then the record.
  return [
    h(
      'p',
      { class: 'lead' },
      badge(change.status.replace(/_/g, ' '), statusTone(change.status)),
      ` ${change.category} change · ${change.priority} priority · requested by ${change.requester} on ${formatTime(change.created_at)}`,
    ),
    requestSection(change),
    plansSection(change),
    riskSection(change),
    scheduleSection(change),
    evidenceSection(ciEvents),
    gateSection(gates),
    approvalsSection,
    ...decisionSection(change, me, options),
    stateSection,
    historySection(history),
  ];
}

function statusTone(status: string): 'good' | 'bad' | 'neutral' | 'warn' {
  if (status === 'completed') return 'good';
  if (['failed', 'rolled_back', 'rejected'].includes(status)) return 'bad';
  if (['pending_approval', 'implementing'].includes(status)) return 'warn';
  return 'neutral';
}

/**
 * Approve or reject, for each role the signed-in person holds that still has to decide; the API
 * has the last word (separation of duties, a read-only token), shown in the dialog.
 */
function decisionSection(
  change: ChangeRequestWithConflicts,
  me: MeAnswer,
  options: { announce: (message: string) => void; rerender: (minPosition?: string) => void },
): HTMLElement[] {
  if (change.status !== 'pending_approval' || me.read_only) return [];
  const pending = change.required_approvals.filter(
    (required) => required.approved_by === null && me.roles.includes(required.role),
  );
  if (pending.length === 0) return [];
  const after = { announce: options.announce, recorded: options.rerender };
  return [
    section(
      'Your decision',
      change.requester === me.principal
        ? h('p', {}, 'You requested this change, so you may not approve it.')
        : pending.map((required) => {
            const decision = {
              changeRequestId: change.change_request_id,
              title: change.title,
              role: required.role,
            };
            return h(
              'p',
              { class: 'actions' },
              `As ${required.role}: `,
              decisionButton({ kind: 'approve', ...decision }, after),
              decisionButton({ kind: 'reject', ...decision }, after),
            );
          }),
    ),
  ];
}
