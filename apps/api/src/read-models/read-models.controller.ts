import { parseDateOrTimestamp, parsePeriodEnd } from '@change-ledger/untrusted-input';
import { type PopulationQuery } from '@change-ledger/audit';
import { changePageLink } from '@change-ledger/notifications';
import { type Clock, CLOCK, PolicyInForce } from '@change-ledger/change-requests';
import { parsePosition } from '@change-ledger/event-store';
import {
  calendarIcs,
  calendarView,
  type ChangeCalendarQueries,
  type ChangeRequestQueries,
  changeLogCsv,
  MAX_CALENDAR_DAYS,
  type ProjectionStatus,
  type CiEventQueries,
  type ReportQueries,
} from '@change-ledger/read-models';
import {
  Controller,
  Get,
  Headers,
  Inject,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { parseTimestamp } from '@change-ledger/untrusted-input';
import { POPULATION_QUERY } from '../audit/audit.controller';
import { RequestValidationError } from '../problem-details/request-validation.error';
import {
  CalendarQueryDto,
  ChangeLogQueryDto,
  IncidentsQueryDto,
  EmergencyReportQueryDto,
  ListChangeRequestsQueryDto,
  PeriodQueryDto,
  MetricsQueryDto,
  MonthlyReportQueryDto,
  PendingApprovalsQueryDto,
} from './read-models.dto';
import {
  CHANGE_CALENDAR_QUERIES,
  CHANGE_REQUEST_QUERIES,
  CI_EVENT_QUERIES,
  REPORT_QUERIES,
} from './read-models.provider';

const CONSISTENCY_WAIT_MS = 5_000;
/** The reports read the change-metrics pre-aggregates beside the change requests. */
const REPORT_PROJECTIONS = ['change-requests', 'change-metrics'];

/** The projections' lag and parked events, read from their checkpoints. */
export const PROJECTION_STATUS = Symbol('PROJECTION_STATUS');

/**
 * The read side: lists, queues and the change log from the read models (eventually consistent;
 * `min_position` waits for a write to show). Every authenticated role may read, auditors included.
 */
@Controller('api/v1/change-management')
export class ReadModelsController {
  constructor(
    @Inject(CHANGE_REQUEST_QUERIES) private readonly queries: ChangeRequestQueries,
    @Inject(REPORT_QUERIES) private readonly reports: ReportQueries,
    @Inject(CI_EVENT_QUERIES) private readonly ciEvents: CiEventQueries,
    @Inject(CHANGE_CALENDAR_QUERIES) private readonly calendar: ChangeCalendarQueries,
    private readonly policy: PolicyInForce,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POPULATION_QUERY) private readonly populations: PopulationQuery,
    @Inject(PROJECTION_STATUS) private readonly projections: ProjectionStatus,
  ) {}

  /** Production deployments in a period, as they arrive. */
  @Get('deployments')
  async deployments(@Query() query: PeriodQueryDto) {
    await this.awaitPosition(query.min_position);
    const period = periodOf(query, this.clock.now());
    return {
      period: periodAnswer(period),
      deployments: await this.queries.deployments(period.from, period.to),
    };
  }

  /** Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED), in a period. */
  @Get('unauthorized-changes')
  async unauthorizedChanges(@Query() query: PeriodQueryDto) {
    await this.awaitPosition(query.min_position);
    const period = periodOf(query, this.clock.now());
    return {
      period: periodAnswer(period),
      unauthorized_changes: await this.ciEvents.unauthorizedChanges(period.from, period.to),
    };
  }

  /** Incidents (each executed rollback is one, SOC-ROLLBACK-INCIDENT) and their post-incident reviews. */
  @Get('incidents')
  async incidents(@Query() query: IncidentsQueryDto) {
    await this.awaitPosition(query.min_position);
    return { incidents: await this.queries.incidents(query.open === 'true', this.clock.now()) };
  }

  /** How far each projection is behind the event store, in events and seconds. */
  @Get('projections')
  async projectionLag() {
    return { projections: await this.projections.lag() };
  }

  /** API-REPORT: the monthly report. */
  @Get('reports/monthly')
  async monthly(@Query() query: MonthlyReportQueryDto) {
    await this.awaitPosition(query.min_position, REPORT_PROJECTIONS);
    if (query.period !== undefined)
      return this.reports.monthly(query.period, this.policy.policy.changeTypes);
    const current = this.clock.now().toISOString().slice(0, 7);
    return {
      ...(await this.reports.monthly(current, this.policy.policy.changeTypes)),
      default: 'the current month (UTC): no period was given',
    };
  }

  /** API-METRICS' key metrics against their targets, and DORA's four keys, for a period. */
  @Get('metrics')
  async metrics(@Query() query: MetricsQueryDto) {
    await this.awaitPosition(query.min_position, REPORT_PROJECTIONS);
    const period = periodOf(query, this.clock.now());
    const metrics = await this.reports.metrics(
      { from: period.from, to: period.to },
      {
        category: query.category,
        priority: query.priority,
        affectedSystem: query.affected_system,
      },
    );
    return period.defaulted ? { ...metrics, period: periodAnswer(period) } : metrics;
  }

  /** SOC-EMERG-REPORT: the quarter's emergency changes and their deadlines. */
  @Get('reports/emergency')
  async emergency(@Query() query: EmergencyReportQueryDto) {
    await this.awaitPosition(query.min_position);
    return this.reports.emergency(query.quarter, this.clock.now());
  }

  @Get('change-requests')
  async list(@Query() query: ListChangeRequestsQueryDto) {
    await this.awaitPosition(query.min_position);
    return this.queries.list({
      status: query.status,
      category: query.category,
      priority: query.priority,
      changeType: this.changeTypeFilter(query.change_type),
      requester: query.requester,
      affectedSystem: query.affected_system,
      createdFrom: parseDateOrTimestamp(query.from),
      createdTo: parsePeriodEnd(query.to),
      text: query.q,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
  }

  @Get('approvals/pending')
  async pending(@Query() query: PendingApprovalsQueryDto) {
    await this.awaitPosition(query.min_position);
    const page = await this.queries.pendingApprovalsPage(query.role, this.clock.now(), {
      limit: query.limit ?? 100,
      cursor: query.cursor,
    });
    return { pending: page.items, next_cursor: page.next_cursor };
  }

  @Get('change-log')
  async changeLog(
    @Query() query: ChangeLogQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.awaitPosition(query.min_position);
    const period = periodOf(query, this.clock.now());
    const { from, to } = period;
    const entries =
      query.as_of === undefined
        ? await this.queries.changeLog(from, to)
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

  /**
   * The change calendar (issue 17): scheduled changes, their conflicts, maintenance windows,
   * business hours and blackouts of [from, to). iCalendar (`text/calendar`) for calendar apps.
   */
  @Get('calendar')
  async changeCalendar(
    @Query() query: CalendarQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.awaitPosition(query.min_position);
    const { from, to, defaulted } = calendarPeriodOf(query, this.clock.now());
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000)
      throw new RequestValidationError([
        { field: 'to', reason: `must be at most ${MAX_CALENDAR_DAYS} days after from` },
      ]);
    const view = {
      ...(await calendarView(this.calendar, this.policy.policy.calendar, from, to)),
      period: {
        from: from.toISOString(),
        to: to.toISOString(),
        ...(defaulted ? { default: `${CALENDAR_DEFAULT}: no from and to were given` } : {}),
      },
    };
    if (
      query.format === 'ics' ||
      (query.format === undefined && accept?.includes('text/calendar'))
    ) {
      const origin = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
      response.type('text/calendar; charset=utf-8');
      return calendarIcs(view, {
        name: 'Change Ledger: change calendar',
        host: request.get('host') ?? 'change-ledger',
        linkOf: (id) => changePageLink(origin, id),
      });
    }
    return view;
  }

  /**
   * A change type as the list stores it: an alias the policy names (API-CR-FORM's `security_enhancement`)
   * is its type; a name the policy does not know is refused with the ones it does.
   */
  private changeTypeFilter(changeType: string | undefined): string | undefined {
    if (changeType === undefined) return undefined;
    const { changeTypes, changeTypeAliases } = this.policy.policy;
    const resolved = changeTypeAliases[changeType] ?? changeType;
    if (!changeTypes.includes(resolved))
      throw new RequestValidationError([
        {
          field: 'change_type',
          reason: `must be one of ${[...changeTypes, ...Object.keys(changeTypeAliases)].join(', ')}`,
        },
      ]);
    return resolved;
  }

  /** Waits until each of `projections` has applied the event at `minPosition`. */
  private async awaitPosition(
    minPosition: string | undefined,
    projections: readonly string[] = ['change-requests'],
  ): Promise<void> {
    if (!minPosition) return;
    const position = parsePosition(minPosition);
    const deadline = Date.now() + CONSISTENCY_WAIT_MS;
    const reached = async () => {
      for (const projection of projections)
        if (!(await this.queries.hasReached(projection, position))) return false;
      return true;
    };
    while (!(await reached())) {
      if (Date.now() > deadline)
        throw new ServiceUnavailableException(
          `The read model has not reached ${minPosition} yet; retry shortly`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface QueryPeriod {
  from: Date;
  to: Date;
  /** Neither bound was given: the current month. */
  defaulted: boolean;
}

/**
 * A query's period [from, to): the current month (UTC) when both are left out; refused with the
 * field when only one is given, or when it is empty or backwards.
 */
function periodOf(query: PeriodQueryDto, now: Date): QueryPeriod {
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

/** The calendar's window around today, said in the answer (and in the feed by URL). */
export const CALENDAR_DEFAULT = 'from 7 days before today to 31 days after (UTC)';

/**
 * The window around today: what the calendar answers without from and to, and the only window
 * of the feed by URL (`calendar.ics`), which a calendar app fetches again and again.
 */
export function calendarWindowAround(now: Date): { from: Date; to: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - 7 * 86_400_000), to: new Date(today + 31 * 86_400_000) };
}

/**
 * The calendar's period: a window around today when both are left out (what a calendar app
 * subscribing by URL asks for), else as every other period.
 */
function calendarPeriodOf(query: PeriodQueryDto, now: Date): QueryPeriod {
  if (query.from !== undefined || query.to !== undefined) return periodOf(query, now);
  return { ...calendarWindowAround(now), defaulted: true };
}

/** How an answer states its period, and whether it was the default. */
function periodAnswer({ from, to, defaulted }: QueryPeriod) {
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...(defaulted ? { default: 'the current month (UTC): no from and to were given' } : {}),
  };
}
