import { DeploymentsQuery } from '@change-ledger/read-models';
import { Controller, Get, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
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
    private readonly deploymentsQuery: DeploymentsQuery,
    private readonly read: ReadQueryContext,
  ) {}

  /** Production deployments in a period, as they arrive. */
  @Get('deployments')
  async deployments(@Query() query: PeriodQueryDto): Promise<DeploymentsAnswer> {
    const period = await this.read.period(query);
    return {
      period: periodAnswer(period),
      deployments: await this.deploymentsQuery.between(period.from, period.to),
    };
  }
}
