import { PolicyInForce } from '@change-ledger/change-requests';
import { MonthlyReportQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import { ReadModelsController, ReadQueryContext, REPORT_PROJECTIONS } from '../read-query';
import { MonthlyReportQueryDto } from './monthly-report.request.dto';
import { MonthlyReportAnswer } from './monthly-report.response.dto';

@ReadModelsController()
export class MonthlyReportHttpController {
  constructor(
    private readonly reports: MonthlyReportQuery,
    private readonly read: ReadQueryContext,
    private readonly policy: PolicyInForce,
  ) {}

  /** API-REPORT: the monthly report. */
  @Get('reports/monthly')
  async monthly(@Query() query: MonthlyReportQueryDto): Promise<MonthlyReportAnswer> {
    await this.read.awaitPosition(query.min_position, REPORT_PROJECTIONS);
    if (query.period !== undefined)
      return this.reports.monthly(query.period, this.policy.policy.changeTypes);
    const current = this.read.now().toISOString().slice(0, 7);
    return {
      ...(await this.reports.monthly(current, this.policy.policy.changeTypes)),
      default: 'the current month (UTC): no period was given',
    };
  }
}
