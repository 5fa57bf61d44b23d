import { presentHistory } from '@change-ledger/change-requests';
import { asChangeRequestEvent, type ChangeRequestState, evolve } from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';

/** One event of a change request's history with what it did to the folded state. */
export interface ReplayedEvent {
  revision: number;
  recorded_at: string;
  event_type: string;
  action: string;
  user: string;
  details: string;
  status_before: string;
  status_after: string;
  /** Top-level fields of the state (as the domain folds it) that this event changed. */
  changed: string[];
}

/**
 * The history of `ledger replay`: each event folded in turn by the domain's own `evolve`, so an
 * auditor sees the transition every event caused, not a second reading of the rules.
 */
export function replay(changeRequestId: string, events: readonly RecordedEvent[]): ReplayedEvent[] {
  const { history } = presentHistory(changeRequestId, events);
  let state: ChangeRequestState = { status: 'absent' };
  return events.map((event, index) => {
    const domainEvent = asChangeRequestEvent(event);
    const before = state;
    if (domainEvent) state = evolve(state, domainEvent);
    const entry = history[index]!;
    return {
      revision: event.revision,
      recorded_at: event.metadata.recordedAt,
      event_type: event.type,
      action: entry.action,
      user: entry.user,
      details: entry.details,
      status_before: before.status,
      status_after: state.status,
      changed: changedFields(before, state),
    };
  });
}

function changedFields(before: ChangeRequestState, after: ChangeRequestState): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (key) =>
      JSON.stringify((before as Record<string, unknown>)[key]) !==
      JSON.stringify((after as Record<string, unknown>)[key]),
  );
}

/** One line per event, for people: `r3 2026-…Z approved (sam) pending_approval → approved [approvals]`. */
export function formatReplay(entries: readonly ReplayedEvent[]): string {
  return entries
    .map(
      (entry) =>
        `r${entry.revision} ${entry.recorded_at} ${entry.action} (${entry.user}) ` +
        `${entry.status_before} → ${entry.status_after}` +
        (entry.changed.length > 0 ? ` [${entry.changed.join(', ')}]` : '') +
        `\n    ${entry.details}`,
    )
    .join('\n');
}
