import { ApiError, getJson } from '../api-client';
import {
  type CiEventAnswer,
  type CiEventsAnswer,
  type DeployGatesAnswer,
  type ChangeRequestHistoryAnswer,
} from '../api-types';
import { badge, h, section, table } from '../dom';
import { formatTime } from '../format';

/**
 * What stands behind a change request: the deploy gate's answer with every gate's reason, what
 * CI said about it (each fact's receipt and log leaf on demand), and its history with each
 * event's hash and log leaf — what an auditor checks with `ledger verify`.
 */

/** The production gate's decision and each gate's reason (or why it did not answer). */
export function gateSection(gates: DeployGatesAnswer | ApiError): HTMLElement {
  return section(
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
  );
}

/** Each CI fact linked to the change, as it said it. */
export function evidenceSection(ciEvents: CiEventsAnswer): HTMLElement {
  return section(
    'CI evidence',
    table(
      'What CI reported about this change, as it said it',
      ['When', 'What it said', 'Source', 'Reported by', 'Not read', 'Receipt and leaf'],
      ciEvents.ci_events.map((fact) => [
        formatTime(fact.occurred_at),
        fact.said ?? `${fact.kind.replace(/_/g, ' ')}: ${fact.outcome ?? 'outcome not stated'}`,
        fact.source,
        fact.delivered_by,
        fact.unread.length === 0 ? '—' : fact.unread.join(', '),
        factReceipt(fact.source, fact.id),
      ]),
      'no CI fact is linked to it yet',
    ),
  );
}

/** Every event, with the evidence behind it: its id, hash and leaf in the log. */
export function historySection(history: ChangeRequestHistoryAnswer): HTMLElement {
  return section(
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
            `${entry.event_type} · revision ${entry.revision} · event ${entry.event_id} · hash `,
            h('code', { title: entry.hash }, `${entry.hash.slice(0, 16)}…`),
            entry.leaf_index === null ? ' · not yet in the log' : ` · log leaf ${entry.leaf_index}`,
          ),
        ),
      ),
    ),
  );
}

/** A CI fact's receipt and log leaf, fetched when opened (one call per fact asked about). */
function factReceipt(source: string, id: string): HTMLElement {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  const details = h(
    'details',
    { class: 'fact-receipt' },
    h('summary', {}, `Receipt of ${id}`),
    body,
  );
  let asked = false;
  details.addEventListener('toggle', () => {
    if (!details.open || asked) return;
    asked = true;
    void getJson<CiEventAnswer>(
      `/api/v1/ci-events/${encodeURIComponent(source)}/${encodeURIComponent(id)}`,
    ).then(
      (fact) =>
        body.replaceChildren(
          h(
            'p',
            {},
            fact.log_leaf === null ? 'Not yet in the log' : `log leaf ${fact.log_leaf}`,
            ` · received ${formatTime(fact.received_at)} · content hash `,
            h('code', { title: fact.content_hash }, `${fact.content_hash.slice(0, 16)}…`),
          ),
          fact.receipt
            ? h('pre', { class: 'receipt' }, fact.receipt)
            : h('p', {}, `No receipt: ${fact.receipt_unavailable ?? 'none given'}`),
        ),
      (error: unknown) => {
        asked = false;
        body.replaceChildren(
          h(
            'p',
            { class: 'error', role: 'alert' },
            error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error),
          ),
        );
      },
    );
  });
  return details;
}
