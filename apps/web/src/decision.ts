import { ApiError, CHANGE_MANAGEMENT, postJson } from './api-client';
import { type ApprovalAnswer, type ChangeRequestStepAnswer } from './api-types';
import { h } from './dom';

/**
 * Approving or rejecting a change: a button only opens this dialog, which names the change and
 * the role and takes the comment (or, for a rejection, the reason); nothing is sent until it is
 * confirmed. The API decides, and its refusal is shown in the dialog as it comes. Once recorded,
 * the dialog shows the log's receipt for the decision (ADR 0019), for the approver to keep.
 */
export interface Decision {
  kind: 'approve' | 'reject';
  changeRequestId: string;
  title: string;
  role: string;
}

/** The button that opens the dialog: its name says what it would do, as whom. */
export function decisionButton(
  decision: Decision,
  after: { announce: (message: string) => void; recorded: (position?: string) => void },
): HTMLButtonElement {
  const verb = decision.kind === 'approve' ? 'Approve' : 'Reject';
  const button = h(
    'button',
    {
      type: 'button',
      class: decision.kind,
      'aria-label': `${verb} ${decision.changeRequestId} as ${decision.role}`,
      'aria-haspopup': 'dialog',
    },
    `${verb}…`,
  );
  button.addEventListener('click', () => openDecision(decision, after));
  return button;
}

/** Matches the API's limit on a comment or reason (TEXT in its DTOs). */
const TEXT = 10_000;

function openDecision(
  decision: Decision,
  after: { announce: (message: string) => void; recorded: (position?: string) => void },
): void {
  const approving = decision.kind === 'approve';
  const verb = approving ? 'Approve' : 'Reject';
  const field = (id: string, label: string, hint: string, control: HTMLElement) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h('span', { class: 'hint', id: `${id}-hint` }, hint),
      control,
    );
  const comment = h('textarea', {
    id: 'decision-text',
    name: approving ? 'comments' : 'reason',
    rows: 3,
    maxlength: TEXT,
    required: !approving,
    'aria-describedby': 'decision-text-hint',
  });
  const conditions = h('textarea', {
    id: 'decision-conditions',
    name: 'conditions',
    rows: 2,
    'aria-describedby': 'decision-conditions-hint',
  });
  const confirm = h('button', { type: 'submit', class: decision.kind }, verb);
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { class: 'decision-form' },
    h('h2', { id: 'decision-title' }, `${verb} ${decision.changeRequestId} as ${decision.role}?`),
    h('p', { id: 'decision-what', class: 'decision-change' }, decision.title),
    h(
      'p',
      { class: 'hint' },
      approving
        ? `Your approval as ${decision.role} is recorded in the ledger under your name, with what you write here.`
        : 'A rejection ends this change request: it cannot be approved afterwards. The reason is recorded in the ledger under your name.',
    ),
    approving
      ? field('decision-text', 'Comment', 'Optional; kept with your approval.', comment)
      : field('decision-text', 'Reason', 'Required: why it is rejected.', comment),
    approving &&
      field(
        'decision-conditions',
        'Conditions',
        'Optional; one per line, kept with your approval.',
        conditions,
      ),
    problem,
    h('div', { class: 'dialog-actions' }, confirm, cancel),
  );
  const dialog = h(
    'dialog',
    {
      class: 'decision',
      'aria-labelledby': 'decision-title',
      'aria-describedby': 'decision-what',
    },
    form,
  );
  const opener = document.activeElement;
  dialog.addEventListener('close', () => {
    dialog.remove();
    // The page may have been drawn anew behind the dialog: back to its heading then.
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    else document.querySelector<HTMLElement>('main h1')?.focus();
  });
  let sending = false;
  // Escape closes it, except while the decision is on its way: its answer belongs in it.
  dialog.addEventListener('cancel', (event) => {
    if (sending) event.preventDefault();
  });
  cancel.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    sending = true;
    confirm.disabled = true;
    cancel.disabled = true;
    confirm.textContent = approving ? 'Approving…' : 'Rejecting…';
    problem.hidden = true;
    const base = `${CHANGE_MANAGEMENT}/change-requests/${encodeURIComponent(decision.changeRequestId)}`;
    const text = comment.value.trim();
    try {
      // API-APPROVE answers what remains; a rejection, the change request.
      const answer = await postJson<ApprovalAnswer | ChangeRequestStepAnswer>(
        approving ? `${base}/approve` : `${base}/reject`,
        approving
          ? {
              approved: true,
              role: decision.role,
              ...(text ? { comments: text } : {}),
              ...conditionsOf(conditions.value),
            }
          : { role: decision.role, reason: text },
      );
      const done = `${approving ? 'Approved' : 'Rejected'} ${decision.changeRequestId} as ${decision.role}.`;
      after.announce(done);
      sending = false;
      after.recorded(answer.position ?? undefined);
      showRecorded(done, answer);
    } catch (error) {
      sending = false;
      confirm.disabled = false;
      cancel.disabled = false;
      confirm.textContent = verb;
      problem.hidden = false;
      problem.textContent = `Not ${approving ? 'approved' : 'rejected'}: ${
        error instanceof ApiError ? `${error.title}: ${error.detail}` : String(error)
      }`;
    }
  }

  function showRecorded(
    done: string,
    answer: { receipt?: string | null; receipt_unavailable?: string },
  ): void {
    const close = h('button', { type: 'button' }, 'Close');
    close.addEventListener('click', () => dialog.close());
    form.replaceChildren(
      h('h2', { id: 'decision-title' }, done),
      h('p', { id: 'decision-what', class: 'decision-change' }, decision.title),
      ...(answer.receipt
        ? [
            h(
              'p',
              {},
              'The ledger’s receipt for it: keep it, and ',
              h('code', {}, 'ledger verify --receipts'),
              ' shows later that the log holds your decision.',
            ),
            h('pre', { class: 'receipt' }, answer.receipt),
          ]
        : [
            h(
              'p',
              {},
              `The ledger’s receipt: none (${answer.receipt_unavailable ?? 'not given'}).`,
            ),
          ]),
      h('div', { class: 'dialog-actions' }, close),
    );
    close.focus();
  }

  document.body.append(dialog);
  dialog.showModal();
  comment.focus();
}

function conditionsOf(text: string): { conditions?: string[] } {
  const conditions = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return conditions.length > 0 ? { conditions } : {};
}
