import { CHANGE_MANAGEMENT, getJson } from '../api-client';
import { decisionButton } from '../decision';
import { type MeAnswer, type PendingApproval, type PendingApprovalsAnswer } from '../api-types';
import { badge, changeLink, h, section, table } from '../dom';
import { formatTime, relativeTime } from '../format';

const PAGE_SIZE = 25;

/**
 * "My approvals" (the signed-in roles' queues, overdue first, with approve and reject where the
 * API would accept them, each confirmed in a dialog) and the whole queue, paged. The API decides
 * every approval: the buttons only save typing, and its refusal is shown as it comes.
 */
export async function approvalsView(
  me: MeAnswer,
  options: {
    minPosition?: string;
    announce: (message: string) => void;
    rerender: (minPosition?: string) => void;
  },
): Promise<HTMLElement[]> {
  const now = new Date();
  const mine = (
    await Promise.all(
      me.roles.map((role) =>
        getJson<PendingApprovalsAnswer>(`${CHANGE_MANAGEMENT}/approvals/pending`, {
          role,
          limit: 200,
          min_position: options.minPosition,
        }),
      ),
    )
  )
    .flatMap((page) => page.pending)
    .sort(byUrgency);

  const after = { announce: options.announce, recorded: options.rerender };
  const myRows = mine.map((approval) => {
    const own = approval.requester === me.principal;
    const decision = {
      changeRequestId: approval.change_request_id,
      title: approval.title,
      role: approval.role,
    };
    return [
      own
        ? 'your own change'
        : me.read_only
          ? 'read only'
          : h(
              'div',
              { class: 'actions' },
              decisionButton({ kind: 'approve', ...decision }, after),
              decisionButton({ kind: 'reject', ...decision }, after),
            ),
      dueCell(approval, now),
      changeLink(approval.change_request_id),
      approval.title,
      approval.role,
      approval.priority,
      approval.requester,
    ];
  });

  const whole = h('div', { id: 'whole-queue' });
  const cursors: (string | undefined)[] = [undefined];
  const showPage = async (index: number) => {
    const page = await getJson<PendingApprovalsAnswer>(`${CHANGE_MANAGEMENT}/approvals/pending`, {
      limit: PAGE_SIZE,
      cursor: cursors[index],
      min_position: options.minPosition,
    });
    if (page.next_cursor) cursors[index + 1] = page.next_cursor;
    const previous = h('button', { type: 'button', disabled: index === 0 }, '← Previous page');
    const next = h('button', { type: 'button', disabled: !page.next_cursor }, 'Next page →');
    previous.addEventListener('click', () => void showPage(index - 1));
    next.addEventListener('click', () => void showPage(index + 1));
    whole.replaceChildren(
      table(
        `Every role's pending approvals, page ${index + 1}`,
        ['Change', 'Due', 'Title', 'Role', 'Priority', 'Requester'],
        page.pending.map((approval) => [
          changeLink(approval.change_request_id),
          dueCell(approval, now),
          approval.title,
          approval.role,
          approval.priority,
          approval.requester,
        ]),
        'the queue is empty',
      ),
      h('nav', { class: 'pager', 'aria-label': 'Queue pages' }, previous, next),
    );
  };
  await showPage(0);

  return [
    section(
      'My approvals',
      h(
        'p',
        {},
        me.roles.length > 0
          ? `Pending for your roles (${me.roles.join(', ')}), overdue first.`
          : 'You hold no role, so nothing waits for you.',
      ),
      h(
        'div',
        { id: 'my-approvals' },
        table(
          'My pending approvals',
          // The decision and the due time first: on a phone they are what fits the screen.
          ['Action', 'Due', 'Change', 'Title', 'Role', 'Priority', 'Requester'],
          myRows,
          'nothing waits for you',
        ),
      ),
    ),
    section('The whole queue', whole),
  ];
}

function dueCell(approval: PendingApproval, now: Date): HTMLElement {
  if (!approval.due_at) return h('span', { class: 'due' }, 'no due time');
  return h(
    'span',
    { class: 'due' },
    approval.overdue ? badge('overdue', 'bad') : null,
    approval.escalated ? badge('escalated', 'warn') : null,
    ` ${formatTime(approval.due_at)} (${relativeTime(approval.due_at, now)})`,
  );
}

/** Overdue first, then by due time (undated last), as the API orders one role's queue. */
function byUrgency(a: PendingApproval, b: PendingApproval): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const due = (approval: PendingApproval) =>
    approval.due_at ? Date.parse(approval.due_at) : Number.POSITIVE_INFINITY;
  return due(a) - due(b) || a.change_request_id.localeCompare(b.change_request_id);
}
