import { type Clock, CLOCK } from '@change-ledger/change-requests';
import { type ChangeRequestQueries } from '@change-ledger/read-models';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
import { CHANGE_REQUEST_QUERIES } from '../read-models.provider';
import {
  CHANGE_MANAGEMENT_ROUTE,
  periodAnswer,
  periodOf,
  ReadConsistency,
  ReadModelsTag,
} from '../read-query';

@Controller(CHANGE_MANAGEMENT_ROUTE)
@ReadModelsTag()
export class DeploymentsHttpController {
  constructor(
    @Inject(CHANGE_REQUEST_QUERIES) private readonly queries: ChangeRequestQueries,
    private readonly consistency: ReadConsistency,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Production deployments in a period, as they arrive. */
  @Get('deployments')
  async deployments(@Query() query: PeriodQueryDto) {
    await this.consistency.awaitPosition(query.min_position);
    const period = periodOf(query, this.clock.now());
    return {
      period: periodAnswer(period),
      deployments: await this.queries.deployments(period.from, period.to),
    };
  }
}
