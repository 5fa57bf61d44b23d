import { type AuthenticatedActor, recordedActor } from '@change-ledger/auth';
import {
  type ActingUnder,
  type EventMetadata,
  type EventSourceRef,
  jsonData,
  type NewEvent,
} from '@change-ledger/event-store';

/** What the edge knows about the request behind a command: who, through what, correlated how. */
export interface RequestContext {
  actor: AuthenticatedActor;
  requestId: string;
  correlationId: string;
  /** Where it came in; an API request (`requestId`) unless the edge says otherwise. */
  source?: EventSourceRef;
  /** A service taking a person's step: the policy entry naming it (set by ChangeRequestDecisions). */
  actingUnder?: ActingUnder;
}

/**
 * The envelope of an event a request decided (DESIGN.md § Events): the authenticated actor, when
 * it happened, the request's correlation, and what it came through (an API request unless the
 * edge said otherwise).
 */
export function metadataOf(context: RequestContext, occurredAt: string): EventMetadata {
  return {
    actor: {
      ...recordedActor(context.actor),
      // A service acting under the policy's `services` entry says so (ADR 0024).
      ...(context.actingUnder ? { actingUnder: context.actingUnder } : {}),
    },
    occurredAt,
    correlationId: context.correlationId,
    causationId: context.requestId,
    source: context.source ?? { kind: 'api', requestId: context.requestId },
  };
}

/** A decided event as it is stored, under `id`, with that envelope: it happened at `occurredAt`. */
export function envelopeAt(
  id: string,
  event: { type: string; data: object },
  context: RequestContext,
  occurredAt: string,
): NewEvent {
  return {
    id,
    type: event.type,
    data: jsonData(event.data),
    metadata: metadataOf(context, occurredAt),
  };
}

/** Ids and time come in from outside (DESIGN.md); tests replace both. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');
export type IdGenerator = () => string;
