/**
 * The event envelope of DESIGN.md: what every stored event carries besides its payload.
 * Pure types; validated at the store's door by `validateAppend`.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who did it. No event is appended without one: there are no anonymous or shared writes. */
export interface Actor {
  id: string;
  kind: 'user' | 'service';
  roles: string[];
  /** How the actor proved who they are: `oidc-jwt`, `api-token`, `webhook-signature`, `system`… */
  authenticatedBy: string;
  /**
   * A service taking a person's step: the policy entry that names it for that step (services are
   * not people otherwise; ADR 0024). Only ever on a service.
   */
  actingUnder?: ActingUnder;
}

export interface ActingUnder {
  /** The policy version in force (its PolicyVersionActivated holds the whole document). */
  policyVersion: string;
  /** The entry's place in that policy: `services[0]`. */
  policyEntry: string;
  /** The person's step it took: `create`, `submit`, … */
  step: string;
}

/** Where the event came in: an API request, a Kafka record, a webhook delivery, the CLI, a job. */
export type EventSourceRef =
  | { kind: 'api'; requestId: string }
  | { kind: 'kafka'; topic: string; partition: number; offset: string }
  | { kind: 'webhook'; provider: string; deliveryId: string }
  | { kind: 'cli'; command: string }
  | { kind: 'system'; process: string };

/** Metadata the caller supplies. Time and ids come in from outside: the store never invents them. */
export interface EventMetadata {
  actor: Actor;
  /** When it happened at the source (ISO 8601 with a zone). */
  occurredAt: string;
  correlationId: string;
  causationId?: string | null;
  source: EventSourceRef;
  /** Version of the payload's shape; a change of shape gets a new version and an upcaster. */
  schemaVersion?: number;
}

/** An event as a writer hands it to the store. */
export interface NewEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  /** Caller-supplied UUID: appending the same id twice stores it once. */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/** Metadata as stored: the store adds `recordedAt` from its injected clock. */
export interface RecordedMetadata extends EventMetadata {
  recordedAt: string;
  causationId: string | null;
  schemaVersion: number;
}

/** The per-stream hash chain: `hash` covers `prevHash` and the canonical content (RFC 8785). */
export interface EventIntegrity {
  prevHash: string;
  hash: string;
  /**
   * The store's own time for the event, covered by the hash (PostgreSQL: the database's clock,
   * ISO 8601 with microseconds). Absent where the store does not state it: events hashed before
   * the PostgreSQL store took its time from the database, and EventStoreDB's.
   */
  recordedAt?: string;
}

export interface GlobalPosition {
  /**
   * Ordered pair, compared `commit` first. EventStoreDB: the transaction-file commit and prepare
   * positions. PostgreSQL: the writing transaction's id and the row's sequence number (ADR 0002).
   */
  commit: bigint;
  prepare: bigint;
}

/** An event as read back from the store. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  streamId: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  position: GlobalPosition;
  type: Type;
  data: Data;
  metadata: RecordedMetadata;
  integrity: EventIntegrity;
}
