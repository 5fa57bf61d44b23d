import { GetChangeRequestHistoryQuery } from '@change-ledger/change-requests';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type LedgerLogQueries } from '@change-ledger/integrity';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { LEDGER_LOG_QUERIES } from '../../ledger/ledger.controller';
import { presentHistory } from '@change-ledger/change-requests';
import { CHANGE_REQUESTS_ROUTE, changeRequestId } from '../change-request-route';
import { AsOfQueryDto, asOfDate } from '../dto/change-request.dto';
import { ChangeRequestHistoryAnswer } from './get-change-request-history.response.dto';

/**
 * API-HISTORY: every event, with its evidence and its leaf in the transparency log;
 * with `?as_of=`, only those recorded before that instant.
 */
@Controller(CHANGE_REQUESTS_ROUTE)
export class GetChangeRequestHistoryHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(LEDGER_LOG_QUERIES) private readonly log: LedgerLogQueries,
  ) {}

  @Get(':id/history')
  async history(
    @Param('id') id: string,
    @Query() query: AsOfQueryDto,
  ): Promise<ChangeRequestHistoryAnswer> {
    const events = await this.queries.execute<GetChangeRequestHistoryQuery, RecordedEvent[]>(
      new GetChangeRequestHistoryQuery(changeRequestId(id), asOfDate(query)),
    );
    return presentHistory(id, events, await this.log.leafIndexes(events.map((event) => event.id)));
  }
}
