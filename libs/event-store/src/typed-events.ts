import { type JsonObject, type RecordedEvent } from './event-envelope';

/**
 * Events are declared once, as `{ type, data }` unions of plain interfaces (the domain's events,
 * the CI receipts). Interfaces have no index signature, so TypeScript will not see them as the
 * store's `JsonObject` by itself; these two functions are the one place that bridges the two,
 * instead of a cast at every writer and reader.
 */

/** A recorded event of the union `E`, with its data typed. */
export type StoredEvent<E extends { type: string; data: object }> = E extends unknown
  ? Omit<RecordedEvent, 'type' | 'data'> & { type: E['type']; data: E['data'] }
  : never;

/**
 * The event as a member of `E` when its type is one of `types`, else undefined. The store holds
 * exactly what the writer appended under that type; when a type's shape changes, its upcaster
 * belongs here (DESIGN.md: `schemaVersion` + upcaster).
 */
export function storedAs<E extends { type: string; data: object }>(
  event: RecordedEvent,
  types: readonly E['type'][],
): StoredEvent<E> | undefined {
  return (types as readonly string[]).includes(event.type)
    ? (event as RecordedEvent as StoredEvent<E>)
    : undefined;
}

/**
 * An event's data for appending. Checked at the door anyway: the store refuses whole, naming the
 * field, anything that is not plain JSON (`append-validation.ts`).
 */
export function jsonData(data: object): JsonObject {
  return data as JsonObject;
}
