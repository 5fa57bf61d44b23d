import { refuse } from './change-request.errors';
import { type EventStamp } from './change-request.events';
import { type CommandMeta } from './change-request.commands';
import {
  type ChangeRequest,
  type ChangeRequestState,
  type ChangeRequestStatus,
} from './change-request.model';

/** Where a change request may be in its lifecycle for each kind of step (API-STATUSES). */
export const AMENDABLE = ['draft', 'pending_approval', 'approved', 'scheduled'] as const;
export const AFTER_IMPLEMENTATION = ['implementing', 'completed', 'failed', 'rolled_back'] as const;
export const CANCELLABLE = AMENDABLE;
/** Implementation starts from an approval; an emergency change may start before it (SOC-EMERG-PATH). */
export const STARTABLE = ['approved', 'scheduled'] as const;
export const STARTABLE_IN_EMERGENCY = ['pending_approval', 'approved', 'scheduled'] as const;
export const ROLLBACKABLE = ['implementing', 'completed', 'failed'] as const;

export function startableStatuses(change: ChangeRequest): readonly ChangeRequestStatus[] {
  return change.emergency ? STARTABLE_IN_EMERGENCY : STARTABLE;
}

/** The change request a command names, or not found. */
export function existing(state: ChangeRequestState, id: string): ChangeRequest {
  if (state.status === 'absent') throw refuse.notFound(id);
  return state;
}

export function requireStatus(
  change: ChangeRequest,
  action: string,
  allowed: readonly ChangeRequestStatus[],
): void {
  if (!allowed.includes(change.status)) throw refuse.transition(action, change.status, allowed);
}

/** Who did it and when, as every event records it. */
export function stampOf({ changeRequestId, actor, at }: CommandMeta): EventStamp {
  return { changeRequestId, by: actor.id, at };
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}
