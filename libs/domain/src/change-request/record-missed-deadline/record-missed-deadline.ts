import { type RecordMissedDeadline } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { overdueDeadlines } from '../deadlines';
import { existing, stampOf } from '../lifecycle';

/** Recorded once, when due and not met; otherwise nothing to record (the watcher asks often). */
export function recordMissedDeadline(
  command: RecordMissedDeadline,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const { deadline } = command.data;
  const overdue = overdueDeadlines(change, command.meta.at).find(
    (candidate) => candidate.deadline === deadline,
  );
  if (!overdue) return [];
  return [
    { type: 'DeadlineMissed', data: { ...stampOf(command.meta), deadline, dueAt: overdue.dueAt } },
  ];
}
