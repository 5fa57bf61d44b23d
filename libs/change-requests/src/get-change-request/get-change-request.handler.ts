import { asChangeRequestEvent, type ChangeRequest, refuse, rehydrate } from '@change-ledger/domain';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { recordedBefore } from '../as-of';
import { ChangeRequestRepository } from '../change-request.repository';
import { GetChangeRequestQuery } from './get-change-request.query';

/**
 * Reads the stream itself rather than a read model: one change request is small, and this answer
 * is always current (the approvals queue and the lists come from projections). As of an instant
 * it folds only the events recorded before it: no read model is needed for the past.
 */
@QueryHandler(GetChangeRequestQuery)
export class GetChangeRequestHandler implements IQueryHandler<
  GetChangeRequestQuery,
  ChangeRequest
> {
  constructor(private readonly repository: ChangeRequestRepository) {}

  async execute({ changeRequestId, asOf }: GetChangeRequestQuery): Promise<ChangeRequest> {
    const loaded = await this.repository.load(changeRequestId);
    const state = asOf
      ? rehydrate(
          recordedBefore(loaded.events, asOf).flatMap((event) => asChangeRequestEvent(event) ?? []),
        )
      : loaded.state;
    if (state.status === 'absent') throw refuse.notFound(changeRequestId);
    return state;
  }
}
