import { type AuthenticatedActor } from '@change-ledger/auth';

/** What the edge knows about the request behind a command: who, through what, correlated how. */
export interface RequestContext {
  actor: AuthenticatedActor;
  requestId: string;
  correlationId: string;
}

/** Ids and time come in from outside (DESIGN.md); tests replace both. */
export interface Clock {
  now(): Date;
}
export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');
export type IdGenerator = () => string;
