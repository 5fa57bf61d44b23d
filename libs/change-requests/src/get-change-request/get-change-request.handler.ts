import { type ChangeRequest, refuse } from '@change-ledger/domain';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ChangeRequestRepository } from '../change-request.repository';
import { GetChangeRequestQuery } from './get-change-request.query';

/**
 * Reads the stream itself rather than a read model: one change request is small, and this answer
 * is always current (the approvals queue and the lists come from projections).
 */
@QueryHandler(GetChangeRequestQuery)
export class GetChangeRequestHandler implements IQueryHandler<
  GetChangeRequestQuery,
  ChangeRequest
> {
  constructor(private readonly repository: ChangeRequestRepository) {}

  async execute({ changeRequestId }: GetChangeRequestQuery): Promise<ChangeRequest> {
    const { state } = await this.repository.load(changeRequestId);
    if (state.status === 'absent') throw refuse.notFound(changeRequestId);
    return state;
  }
}
