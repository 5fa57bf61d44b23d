import { refuse } from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { recordedBefore } from '../as-of';
import { ChangeRequestRepository } from '../change-request.repository';
import { GetChangeRequestHistoryQuery } from './get-change-request-history.query';

@QueryHandler(GetChangeRequestHistoryQuery)
export class GetChangeRequestHistoryHandler implements IQueryHandler<
  GetChangeRequestHistoryQuery,
  RecordedEvent[]
> {
  constructor(private readonly repository: ChangeRequestRepository) {}

  async execute({ changeRequestId, asOf }: GetChangeRequestHistoryQuery): Promise<RecordedEvent[]> {
    const events = recordedBefore((await this.repository.load(changeRequestId)).events, asOf);
    if (events.length === 0) throw refuse.notFound(changeRequestId);
    return events;
  }
}
