import { GetChangeRequestQuery } from '@change-ledger/change-requests';
import { type ChangeRequest } from '@change-ledger/domain';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { presentChangeRequest } from '../change-request.presenter';
import { CHANGE_REQUESTS_ROUTE, changeRequestId } from '../change-request-route';

/** One change request as it is now, from its own stream (never a lagging read model). */
@Controller(CHANGE_REQUESTS_ROUTE)
export class GetChangeRequestHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  async get(@Param('id') id: string) {
    return presentChangeRequest(
      await this.queries.execute<GetChangeRequestQuery, ChangeRequest>(
        new GetChangeRequestQuery(changeRequestId(id)),
      ),
    );
  }
}
