import { type Clock, CLOCK } from '@change-ledger/change-requests';
import { ReadPositionQuery } from '@change-ledger/read-models';
import { parsePosition } from '@change-ledger/event-store';
import { parseDateOrTimestamp, parsePeriodEnd } from '@change-ledger/untrusted-input';
import {
  applyDecorators,
  Controller,
  Inject,
  Injectable,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { RequestValidationError } from '../problem-details/request-validation.error';

/**
 * What every read route shares: waiting for a write to show (`min_position`) and the period
 * [from, to) most of them take.
 */

/** Where the read routes live, beside the change requests' own routes. */
export const CHANGE_MANAGEMENT_ROUTE = 'api/v1/change-management';

/**
 * The read routes keep the OpenAPI tag (and, by READ_MODELS_OPERATION_PREFIX, the operation ids
 * `ReadModels_<method>`) they had when the read side was one controller: clients generated from
 * docs/openapi.json keep their names.
 */
export const READ_MODELS_OPERATION_PREFIX = 'ReadModels';

/** A read query's controller: under CHANGE_MANAGEMENT_ROUTE, with the read routes' OpenAPI tag. */
export const ReadModelsController = (): ClassDecorator =>
  applyDecorators(Controller(CHANGE_MANAGEMENT_ROUTE), ApiTags(READ_MODELS_OPERATION_PREFIX));

const POSITION = /^\d{1,20}\/\d{1,20}$/;
const CONSISTENCY_WAIT_MS = 5_000;

/** The reports read the change-metrics pre-aggregates beside the change requests. */
export const REPORT_PROJECTIONS = ['change-requests', 'change-metrics'];

/**
 * Every read query's `min_position`. Kept out of a `.dto.ts` file, so the OpenAPI plugin does
 * not describe it (docs/openapi.json never did); its subclasses are described as before.
 */
export class ConsistencyDto {
  /** Read your own write: wait until the read model has reached the position a write returned. */
  @IsOptional()
  @Matches(POSITION, { message: 'min_position must be a position a write returned, like 1234/56' })
  min_position?: string;
}

/**
 * What a read route asks before its query: read your own write (it waits here until the read
 * models show it, or answers 503), and the period [from, to) on the business clock.
 */
@Injectable()
export class ReadQueryContext {
  constructor(
    private readonly position: ReadPositionQuery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /** Waits for the query's `min_position` (on `projections`), then its period. */
  async period(
    query: PeriodBounds & ConsistencyDto,
    projections?: readonly string[],
  ): Promise<QueryPeriod> {
    await this.awaitPosition(query.min_position, projections);
    return periodOf(query, this.clock.now());
  }

  /**
   * Waits until each of `projections` has applied the event at `minPosition`; a 503 naming
   * `readModel` after CONSISTENCY_WAIT_MS.
   */
  async awaitPosition(
    minPosition: string | undefined,
    projections: readonly string[] = ['change-requests'],
    readModel = 'The read model',
  ): Promise<void> {
    if (!minPosition) return;
    const position = positionOf(minPosition);
    const deadline = Date.now() + CONSISTENCY_WAIT_MS;
    const reached = async () => {
      for (const projection of projections)
        if (!(await this.position.hasReached(projection, position))) return false;
      return true;
    };
    while (!(await reached())) {
      if (Date.now() > deadline)
        throw new ServiceUnavailableException(
          `${readModel} has not reached ${minPosition} yet; retry shortly`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * A `min_position` as a write answered it. The read routes' DTOs check its shape first; a route
 * whose DTO takes any text (the catalogue's) refuses it here, naming the field.
 */
function positionOf(minPosition: string) {
  try {
    return parsePosition(minPosition);
  } catch {
    throw new RequestValidationError([
      { field: 'min_position', reason: 'must be a position a write answered with' },
    ]);
  }
}

/** A query's bounds as given: dates or date-times, both checked by the DTO. */
export interface PeriodBounds {
  from?: string;
  to?: string;
}

export interface QueryPeriod {
  from: Date;
  to: Date;
  /** Neither bound was given: the current month. */
  defaulted: boolean;
}

/**
 * A query's period [from, to): the current month (UTC) when both are left out; refused with the
 * field when only one is given, or when it is empty or backwards.
 */
export function periodOf(query: PeriodBounds, now: Date): QueryPeriod {
  if (query.from === undefined && query.to === undefined) {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    return { from, to, defaulted: true };
  }
  if (query.from === undefined || query.to === undefined) {
    const missing = query.from === undefined ? 'from' : 'to';
    throw new RequestValidationError([
      { field: missing, reason: 'give both from and to, or neither for the current month' },
    ]);
  }
  // Both parse: the DTO checked them with the same function. A `to` date includes its day.
  const from = parseDateOrTimestamp(query.from)!;
  const to = parsePeriodEnd(query.to)!;
  if (!(from < to))
    throw new RequestValidationError([{ field: 'to', reason: 'must be after from' }]);
  return { from, to, defaulted: false };
}

/** How an answer states its period, and whether it was the default. */
export function periodAnswer({ from, to, defaulted }: QueryPeriod) {
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...(defaulted ? { default: 'the current month (UTC): no from and to were given' } : {}),
  };
}
