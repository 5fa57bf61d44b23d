import { type Clock, type RequestContext } from '@change-ledger/change-requests';
import {
  isActive,
  type LegalHold,
  type LegalHoldScope,
  placeLegalHold,
  type Policy,
  releaseLegalHold,
} from '@change-ledger/domain';
import { type LegalHoldsRepository } from './legal-holds.repository';

/**
 * The three use cases of legal holds, each a load–decide–append on the holds stream. Roles come
 * from the policy in force, the actor from the authenticated request.
 */
export class LegalHoldHandlers {
  constructor(
    private readonly repository: LegalHoldsRepository,
    private readonly policy: () => Policy,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  async place(
    input: { scope: LegalHoldScope; reason: string; until: string | null },
    context: RequestContext,
  ): Promise<LegalHold> {
    const holdId = `hold-${this.newId()}`;
    const at = this.clock.now().toISOString();
    const held =
      input.scope.kind === 'change_request'
        ? await this.repository.heldChangeRequest(input.scope.changeRequestId)
        : ({ kind: 'recorded' } as const);
    await this.repository.decideAndAppend(
      (holds) =>
        placeLegalHold(
          {
            type: 'PlaceLegalHold',
            data: { holdId, ...input },
            metadata: { actor: context.actor, at },
          },
          holds,
          this.policy(),
          held,
        ),
      context,
    );
    return (await this.repository.load()).holds.get(holdId)!;
  }

  async release(holdId: string, reason: string, context: RequestContext): Promise<LegalHold> {
    const at = this.clock.now().toISOString();
    await this.repository.decideAndAppend(
      (holds) =>
        releaseLegalHold(
          {
            type: 'ReleaseLegalHold',
            data: { holdId, reason },
            metadata: { actor: context.actor, at },
          },
          holds,
          this.policy(),
        ),
      context,
    );
    return (await this.repository.load()).holds.get(holdId)!;
  }

  /** Every hold, newest first, each marked whether it is in force now. */
  async list(): Promise<(LegalHold & { active: boolean })[]> {
    const now = this.clock.now();
    const { holds } = await this.repository.load();
    return [...holds.values()]
      .map((hold) => ({ ...hold, active: isActive(hold, now) }))
      .sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  }
}
