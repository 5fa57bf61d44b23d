import { UnauthorizedChangesQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
import { periodAnswer, ReadModelsController, ReadQueryContext } from '../read-query';
import { UnauthorizedChangesAnswer } from './unauthorized-changes.response.dto';

@ReadModelsController()
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
