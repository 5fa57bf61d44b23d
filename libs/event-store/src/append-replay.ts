import canonicalize from 'canonicalize';
import { type NewEvent, type RecordedEvent } from './event-envelope';
import { EventIdConflictError } from './event-store.errors';
import { type AppendedEvent, type AppendResult } from './event-store.port';

/**
 * Idempotent append: when some of an append's event ids are already stored, the same batch again
 * (a retry after a lost answer) is answered with the original result and nothing is written;
 * anything else is a conflict, never an overwrite. Metadata is not compared: a retry carries a
 * new `recordedAt`, and what was stored first is what happened.
 */
export function answerReplayedAppend(
  streamId: string,
  events: readonly NewEvent[],
  stored: readonly RecordedEvent[],
): AppendResult {
  const conflict = (eventId: string, reason: string) =>
    new EventIdConflictError(eventId, streamId, reason);
  const byId = new Map(stored.map((event) => [event.id, event]));
  const firstRevision = byId.get(events[0]!.id)?.revision;
  events.forEach((event, index) => {
    const original = byId.get(event.id);
    if (!original) throw conflict(event.id, 'other events of the same append are already stored');
    if (original.streamId !== streamId) {
      throw conflict(event.id, `the id is taken in stream ${original.streamId}`);
    }
    if (firstRevision === undefined || original.revision !== firstRevision + index) {
      throw conflict(event.id, 'the stored batch was different');
    }
    if (original.type !== event.type || canonicalize(original.data) !== canonicalize(event.data)) {
      throw conflict(event.id, 'the id is already stored with other content');
    }
  });
  const last = byId.get(events[events.length - 1]!.id)!;
  return {
    nextExpectedRevision: last.revision,
    position: last.position,
    ...(last.integrity.recordedAt === undefined ? {} : { recordedAt: last.integrity.recordedAt }),
    events: events.map((event) => appendedEvent(byId.get(event.id)!)),
  };
}

/** What an append answers about one stored event (AppendResult.events). */
export function appendedEvent(event: RecordedEvent): AppendedEvent {
  return {
    id: event.id,
    hash: event.integrity.hash,
    recordedAt: event.integrity.recordedAt ?? event.metadata.recordedAt,
  };
}
