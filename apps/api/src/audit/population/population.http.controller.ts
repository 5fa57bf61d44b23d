import { type PopulationQuery, populationCsv } from '@change-ledger/audit';
import { parseTimestamp } from '@change-ledger/untrusted-input';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { type Response } from 'express';
import { AuditorsOnly } from '../../auth/auditors-only.decorator';
import { AUDIT_ROUTE, auditPeriodOf, AuditTag, POPULATION_QUERY } from '../audit-route';
import { PopulationQueryDto } from './population.request.dto';
import { PopulationAnswer } from './population.response.dto';

/** The population of a period, now or as of an instant: JSON, or CSV for a spreadsheet. */
@Controller(AUDIT_ROUTE)
@AuditTag()
@AuditorsOnly()
export class PopulationHttpController {
  constructor(@Inject(POPULATION_QUERY) private readonly populations: PopulationQuery) {}

  @Get('population')
  @ApiExtraModels(PopulationAnswer)
  @ApiOkResponse({
    description: 'The population as JSON, or as CSV with `format=csv`',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(PopulationAnswer) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async population(
    @Query() query: PopulationQueryDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const population = await this.populations.population(
      auditPeriodOf(query),
      query.as_of === undefined ? undefined : parseTimestamp(query.as_of),
    );
    if (query.format === 'csv') {
      response
        .type('text/csv')
        .attachment(`population_${query.from.slice(0, 10)}_${query.to.slice(0, 10)}.csv`);
      return populationCsv(population);
    }
    return population;
  }
}
