import { DeploymentsQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
import { periodAnswer, ReadModelsController, ReadQueryContext } from '../read-query';
import { DeploymentsAnswer } from './deployments.response.dto';

@ReadModelsController()
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
