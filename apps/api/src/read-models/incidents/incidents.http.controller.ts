import { IncidentsQuery } from '@change-ledger/read-models';
import { Controller, Get, Query } from '@nestjs/common';
import { CHANGE_MANAGEMENT_ROUTE, ReadQueryContext, ReadModelsTag } from '../read-query';
import { IncidentsQueryDto } from './incidents.request.dto';
import { IncidentsAnswer } from './incidents.response.dto';

@Controller(CHANGE_MANAGEMENT_ROUTE)
@ReadModelsTag()
export class IncidentsHttpController {
  constructor(
    private readonly incidentsQuery: IncidentsQuery,
    private readonly read: ReadQueryContext,
  ) {}

  /** Incidents (each executed rollback is one, SOC-ROLLBACK-INCIDENT) and their post-incident reviews. */
  @Get('incidents')
  async incidents(@Query() query: IncidentsQueryDto): Promise<IncidentsAnswer> {
    await this.read.awaitPosition(query.min_position);
    return { incidents: await this.incidentsQuery.list(query.open === 'true', this.read.now()) };
  }
}
