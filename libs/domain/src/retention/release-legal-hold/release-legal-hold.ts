import { type Actor } from '../../change-request/change-request.model';
import { type Policy } from '../../policy/policy';
import { type LegalHolds } from '../legal-hold';
import { refuseHold } from '../retention.errors';
import { type LegalHoldEvent } from '../retention.events';

export interface ReleaseLegalHold {
  type: 'ReleaseLegalHold';
  data: { holdId: string; reason: string };
  metadata: { actor: Actor; at: string };
}

/** Only the roles the policy names release a hold (by default fewer than may place one). */
export function releaseLegalHold(
  command: ReleaseLegalHold,
  holds: LegalHolds,
  policy: Pick<Policy, 'retention'>,
): LegalHoldEvent[] {
  const { holdId, reason } = command.data;
  const { actor, at } = command.metadata;
  const allowed = policy.retention.legalHold.releasers;
  if (actor.kind === 'service') throw refuseHold.notAPerson('release', actor.id);
  if (!actor.roles.some((role) => allowed.includes(role)))
    throw refuseHold.missingRole('release', actor.id, allowed);
  const hold = holds.get(holdId);
  if (!hold) throw refuseHold.notFound(holdId);
  if (hold.released) throw refuseHold.alreadyReleased(holdId);
  if (reason.trim() === '') throw refuseHold.invalid('reason', 'says why the hold is released');
  return [
    { type: 'LegalHoldReleased', data: { holdId, reason, releasedBy: actor.id, releasedAt: at } },
  ];
}
