import { ListCiEventsQuery } from '@change-ledger/read-models';
import { parseDateOrTimestamp, parsePeriodEnd } from '@change-ledger/untrusted-input';
import { Controller, Get, Query } from '@nestjs/common';
import { RequestValidationError } from '../../problem-details/request-validation.error';
import { ListCiEventsQueryDto } from './list-ci-events.request.dto';
import { CiEventsAnswer } from './list-ci-events.response.dto';

/**
 * What CI reported — tests, scans, reviews, deployments to any environment, pipeline runs,
 * incidents — for a change request or a period, with what each said; newest first, paged
 * (issue 26). From the ci-events read model: as fresh as the projector.
 */
@Controller('api/v1/ci-events')
export class ListCiEventsHttpController {
  constructor(private readonly ciEvents: ListCiEventsQuery) {}

  @Get()
  async list(@Query() query: ListCiEventsQueryDto): Promise<CiEventsAnswer> {
    // Both parse: the DTO checked them with the same function. A date as `to` includes its day.
    const from = query.from === undefined ? undefined : parseDateOrTimestamp(query.from)!;
    const to = query.to === undefined ? undefined : parsePeriodEnd(query.to)!;
    if (from && to && !(from < to))
      throw new RequestValidationError([{ field: 'to', reason: 'must be after from' }]);
    return this.ciEvents.list({
      changeRequestId: query.change_request_id,
      source: query.source,
      kind: query.kind,
      environment: query.environment,
      outcome: query.outcome,
      from,
      to,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
  }
}
