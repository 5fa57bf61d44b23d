import { type ChangeRequestQueries } from '@change-ledger/read-models';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
import { CHANGE_REQUEST_QUERIES } from '../read-models.provider';
import {
  CHANGE_MANAGEMENT_ROUTE,
  periodAnswer,
  ReadQueryContext,
  ReadModelsTag,
} from '../read-query';
import { DeploymentsAnswer } from './deployments.response.dto';

@Controller(CHANGE_MANAGEMENT_ROUTE)
@ReadModelsTag()
export class DeploymentsHttpController {
  constructor(
    @Inject(CHANGE_REQUEST_QUERIES) private readonly queries: ChangeRequestQueries,
    private readonly read: ReadQueryContext,
  ) {}

  /** Production deployments in a period, as they arrive. */
  @Get('deployments')
  async deployments(@Query() query: PeriodQueryDto): Promise<DeploymentsAnswer> {
    const period = await this.read.period(query);
    return {
      period: periodAnswer(period),
      deployments: await this.queries.deployments(period.from, period.to),
    };
  }
}
