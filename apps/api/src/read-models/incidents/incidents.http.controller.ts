import { IncidentsQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import { ReadModelsController, ReadQueryContext } from '../read-query';
import { IncidentsQueryDto } from './incidents.request.dto';
import { IncidentsAnswer } from './incidents.response.dto';

@ReadModelsController()
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
