import { type CiEventQueries } from '@change-ledger/read-models';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
import { CI_EVENT_QUERIES } from '../read-models.provider';
import {
  CHANGE_MANAGEMENT_ROUTE,
  periodAnswer,
  ReadQueryContext,
  ReadModelsTag,
} from '../read-query';
import { UnauthorizedChangesAnswer } from './unauthorized-changes.response.dto';

@Controller(CHANGE_MANAGEMENT_ROUTE)
@ReadModelsTag()
export class UnauthorizedChangesHttpController {
  constructor(
    @Inject(CI_EVENT_QUERIES) private readonly ciEvents: CiEventQueries,
    private readonly read: ReadQueryContext,
  ) {}

  /** Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED), in a period. */
  @Get('unauthorized-changes')
  async unauthorizedChanges(@Query() query: PeriodQueryDto): Promise<UnauthorizedChangesAnswer> {
    const period = await this.read.period(query);
    return {
      period: periodAnswer(period),
      unauthorized_changes: await this.ciEvents.unauthorizedChanges(period.from, period.to),
    };
  }
}
