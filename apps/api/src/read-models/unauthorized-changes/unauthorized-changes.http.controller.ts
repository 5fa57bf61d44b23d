import { UnauthorizedChangesQuery } from '@change-ledger/read-models';
import { Controller, Get, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
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
    private readonly unauthorized: UnauthorizedChangesQuery,
    private readonly read: ReadQueryContext,
  ) {}

  /** Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED), in a period. */
  @Get('unauthorized-changes')
  async unauthorizedChanges(@Query() query: PeriodQueryDto): Promise<UnauthorizedChangesAnswer> {
    const period = await this.read.period(query);
    return {
      period: periodAnswer(period),
      unauthorized_changes: await this.unauthorized.between(period.from, period.to),
    };
  }
}
