import { type Actor } from '../../change-request/change-request.model';
import { type Policy } from '../../policy/policy';
import { type LegalHolds, type LegalHoldScope } from '../legal-hold';
import { refuseHold } from '../retention.errors';
import { type LegalHoldEvent } from '../retention.events';

export interface PlaceLegalHold {
  type: 'PlaceLegalHold';
  data: { holdId: string; scope: LegalHoldScope; reason: string; until: string | null };
  metadata: { actor: Actor; at: string };
}

/**
 * What the store holds of the change request a hold names, read before deciding: a hold on an id
 * never recorded (a typo) or already pruned would stand in the list and keep nothing.
 */
export type HeldChangeRequest =
  { kind: 'recorded' } | { kind: 'never_recorded' } | { kind: 'pruned'; prunedByRun: string };

/** Only the roles the policy names place a hold; it says what, why, and until when. */
export function placeLegalHold(
  command: PlaceLegalHold,
  holds: LegalHolds,
  policy: Pick<Policy, 'retention'>,
  heldChangeRequest: HeldChangeRequest,
): LegalHoldEvent[] {
  const { holdId, scope, reason, until } = command.data;
  const { actor, at } = command.metadata;
  const allowed = policy.retention.legalHold.placers;
  if (actor.kind === 'service') throw refuseHold.notAPerson('place', actor.id);
  if (!actor.roles.some((role) => allowed.includes(role)))
    throw refuseHold.missingRole('place', actor.id, allowed);
  if (holds.has(holdId)) throw refuseHold.alreadyPlaced(holdId);
  if (reason.trim() === '') throw refuseHold.invalid('reason', 'says why the records are held');
  if (until !== null && Date.parse(until) <= Date.parse(at))
    throw refuseHold.invalid('until', 'must be in the future');
  if (scope.kind === 'time_range' && Date.parse(scope.from) >= Date.parse(scope.to))
    throw refuseHold.invalid('scope.to', 'must be after scope.from');
  if (scope.kind === 'change_request' && heldChangeRequest.kind === 'never_recorded')
    throw refuseHold.unknownChangeRequest(scope.changeRequestId);
  if (scope.kind === 'change_request' && heldChangeRequest.kind === 'pruned')
    throw refuseHold.alreadyPruned(scope.changeRequestId, heldChangeRequest.prunedByRun);
  return [
    {
      type: 'LegalHoldPlaced',
      data: { holdId, scope, reason, until, placedBy: actor.id, placedAt: at },
    },
  ];
}
