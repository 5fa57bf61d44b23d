import { type AuthenticatedActor } from '@change-ledger/auth';
import { type ActingUnder, type EventSourceRef } from '@change-ledger/event-store';

/** What the edge knows about the request behind a command: who, through what, correlated how. */
export interface RequestContext {
  actor: AuthenticatedActor;
  requestId: string;
  correlationId: string;
  /** Where it came in; an API request (`requestId`) unless the edge says otherwise. */
  source?: EventSourceRef;
  /** When it happened, when the edge knows better than the ledger's clock (a reported deployment). */
  occurredAt?: string;
  /** A service taking a person's step: the policy entry naming it (set by ChangeRequestDecisions). */
  actingUnder?: ActingUnder;
}

/** Ids and time come in from outside (DESIGN.md); tests replace both. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');
export type IdGenerator = () => string;
