import { type Clock, CLOCK, PolicyInForce } from '@change-ledger/change-requests';
import { type ReportQueries } from '@change-ledger/read-models';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { REPORT_QUERIES } from '../read-models.provider';
import {
  CHANGE_MANAGEMENT_ROUTE,
  ReadConsistency,
  ReadModelsTag,
  REPORT_PROJECTIONS,
} from '../read-query';
import { MonthlyReportQueryDto } from './monthly-report.request.dto';

@Controller(CHANGE_MANAGEMENT_ROUTE)
@ReadModelsTag()
export class MonthlyReportHttpController {
  constructor(
    @Inject(REPORT_QUERIES) private readonly reports: ReportQueries,
    private readonly consistency: ReadConsistency,
    private readonly policy: PolicyInForce,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** API-REPORT: the monthly report. */
  @Get('reports/monthly')
  async monthly(@Query() query: MonthlyReportQueryDto) {
    await this.consistency.awaitPosition(query.min_position, REPORT_PROJECTIONS);
    if (query.period !== undefined)
      return this.reports.monthly(query.period, this.policy.policy.changeTypes);
    const current = this.clock.now().toISOString().slice(0, 7);
    return {
      ...(await this.reports.monthly(current, this.policy.policy.changeTypes)),
      default: 'the current month (UTC): no period was given',
    };
  }
}
