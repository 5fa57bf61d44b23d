import { MetricsQuery } from '@change-ledger/read-models';
import { Get, Query } from '@nestjs/common';
import {
  periodAnswer,
  ReadModelsController,
  ReadQueryContext,
  REPORT_PROJECTIONS,
} from '../read-query';
import { MetricsQueryDto } from './metrics.request.dto';
import { MetricsAnswer } from './metrics.response.dto';

@ReadModelsController()
export class MetricsHttpController {
  constructor(
    private readonly metricsQuery: MetricsQuery,
    private readonly read: ReadQueryContext,
  ) {}

  /** API-METRICS' key metrics against their targets, and DORA's four keys, for a period. */
  @Get('metrics')
  async metrics(@Query() query: MetricsQueryDto): Promise<MetricsAnswer> {
    const period = await this.read.period(query, REPORT_PROJECTIONS);
    const metrics = await this.metricsQuery.metrics(
      { from: period.from, to: period.to },
      {
        category: query.category,
        priority: query.priority,
        affectedSystem: query.affected_system,
      },
    );
    return period.defaulted ? { ...metrics, period: periodAnswer(period) } : metrics;
  }
}
