import { type PopulationQuery } from '@change-ledger/audit';
import { changeLogCsv, ChangeLogQuery } from '@change-ledger/read-models';
import { parseTimestamp } from '@change-ledger/untrusted-input';
import { Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { type Response } from 'express';
import { POPULATION_QUERY } from '../../audit/audit-route';
import { periodAnswer, ReadModelsController, ReadQueryContext } from '../read-query';
import { ChangeLogQueryDto } from './change-log.request.dto';
import { ApiOkResponse } from '@nestjs/swagger';
import { ChangeLogAnswer } from './change-log.response.dto';

/**
 * SOC-CHANGE-LOG's change log of a period, JSON or CSV: from the read model, or with `as_of` as
 * the ledger knew it then (folded from the event store, as an audit's population is).
 */
@ReadModelsController()
export class ChangeLogHttpController {
  constructor(
    private readonly changeLogQuery: ChangeLogQuery,
    private readonly read: ReadQueryContext,
    @Inject(POPULATION_QUERY) private readonly populations: PopulationQuery,
  ) {}

  @Get('change-log')
  @ApiOkResponse({ type: ChangeLogAnswer })
  async changeLog(
    @Query() query: ChangeLogQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ChangeLogAnswer | string> {
    const period = await this.read.period(query);
    const { from, to } = period;
    const entries =
      query.as_of === undefined
        ? await this.changeLogQuery.entries(from, to)
        : await this.populations.changeLog({ from, to }, parseTimestamp(query.as_of)!);
    if (query.format === 'csv' || (query.format === undefined && accept?.includes('text/csv'))) {
      response
        .type('text/csv')
        .attachment(
          `change-log_${from.toISOString().slice(0, 10)}_${to.toISOString().slice(0, 10)}.csv`,
        );
      return changeLogCsv(entries);
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...(period.defaulted ? { period: periodAnswer(period) } : {}),
      entries,
    };
  }
}
