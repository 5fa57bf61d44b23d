import { type RecordedEvent } from '@change-ledger/event-store';

/**
 * What the ledger knew at `asOf`: the events of a stream recorded strictly before that instant
 * (`metadata.recordedAt`, the store's clock at append). A prefix of the stream, so a later event
 * whose clock read earlier (a skewed server) is not folded in ahead of the ones it followed.
 * Without `asOf`, every event.
 */
export function recordedBefore<E extends RecordedEvent>(
  events: readonly E[],
  asOf: Date | undefined,
): E[] {
  if (!asOf) return [...events];
  const cut = events.findIndex((event) => Date.parse(event.metadata.recordedAt) >= asOf.getTime());
  return cut < 0 ? [...events] : events.slice(0, cut);
}
