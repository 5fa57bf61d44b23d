import { GetChangeRequestQuery, presentChangeRequest } from '@change-ledger/change-requests';
import { type ChangeRequest } from '@change-ledger/domain';
import { ChangeRequestConflictsQuery } from '@change-ledger/read-models';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { conflictsOf } from '../change-request-conflicts';
import { CHANGE_REQUESTS_ROUTE, changeRequestId } from '../change-request-route';
import { AsOfQueryDto, asOfDate } from '../dto/change-request.dto';
import { ChangeRequestWithConflicts } from '../dto/change-request.response.dto';

/**
 * One change request from its own stream (never a lagging read model): as it is now, or with
 * `?as_of=` as the ledger knew it then; with the scheduling conflicts it has.
 */
@Controller(CHANGE_REQUESTS_ROUTE)
export class GetChangeRequestHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly conflicts: ChangeRequestConflictsQuery,
  ) {}

  @Get(':id')
  async get(
    @Param('id') id: string,
    @Query() query: AsOfQueryDto,
  ): Promise<ChangeRequestWithConflicts> {
    const change = await this.queries.execute<GetChangeRequestQuery, ChangeRequest>(
      new GetChangeRequestQuery(changeRequestId(id), asOfDate(query)),
    );
    return {
      ...presentChangeRequest(change),
      conflicts: await conflictsOf(this.conflicts, change),
    };
  }
}
