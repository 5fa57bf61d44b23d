import { type Clock, CLOCK } from '@change-ledger/change-requests';
import { type CiEventQueries } from '@change-ledger/read-models';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { PeriodQueryDto } from '../period-query.dto';
import { CI_EVENT_QUERIES } from '../read-models.provider';
import {
  CHANGE_MANAGEMENT_ROUTE,
  periodAnswer,
  periodOf,
  ReadConsistency,
  ReadModelsTag,
} from '../read-query';

@Controller(CHANGE_MANAGEMENT_ROUTE)
@ReadModelsTag()
export class UnauthorizedChangesHttpController {
  constructor(
    @Inject(CI_EVENT_QUERIES) private readonly ciEvents: CiEventQueries,
    private readonly consistency: ReadConsistency,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED), in a period. */
  @Get('unauthorized-changes')
  async unauthorizedChanges(@Query() query: PeriodQueryDto) {
    await this.consistency.awaitPosition(query.min_position);
    const period = periodOf(query, this.clock.now());
    return {
      period: periodAnswer(period),
      unauthorized_changes: await this.ciEvents.unauthorizedChanges(period.from, period.to),
    };
  }
}
