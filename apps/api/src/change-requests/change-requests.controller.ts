import { requestIdOf } from '@change-ledger/operations';
import { type AuthenticatedActor } from '@change-ledger/auth';
import {
  type ChangeRequestIntent,
  type ChangeRequestOutcome,
  ExecuteChangeRequestCommand,
  GetChangeRequestHistoryQuery,
  GetChangeRequestQuery,
  PolicyInForce,
  presentChangeRequest,
  presentHistory,
  type RequestContext,
} from '@change-ledger/change-requests';
import {
  approvalRule,
  CHANGE_REQUEST_ID,
  type ChangeRequest,
  type ContentInput,
  DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
} from '@change-ledger/domain';
import { formatPosition, type RecordedEvent } from '@change-ledger/event-store';
import { type LedgerLogQueries } from '@change-ledger/integrity';
import { parseTimestamp } from '@change-ledger/untrusted-input';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { type ChangeCalendarQueries } from '@change-ledger/read-models';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type Request } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { LEDGER_LOG_QUERIES } from '../ledger/ledger.controller';
import { CHANGE_CALENDAR_QUERIES } from '../read-models/read-models.provider';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { toContentInput } from './change-request.input';
import {
  AmendChangeRequestDto,
  ApproveDto,
  AsOfQueryDto,
  CancelDto,
  ChangeContentDto,
  CompleteDto,
  CreateChangeRequestDto,
  ExceptionApproveDto,
  ExceptionRequestDto,
  ImplementDto,
  RejectDto,
  ReviewDto,
  RollbackDto,
  ScheduleDto,
  VerifyDto,
} from './dto/change-request.dto';

const DEFAULT_IMPLEMENTATION_MINUTES = 120;

/**
 * API v1 for change requests: 004's routes and shapes (create, approve, implement, complete),
 * extended with the rest of the lifecycle. Thin: each route states an intent; the decider rules.
 */
@Controller('api/v1/change-management/change-requests')
export class ChangeRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly policy: PolicyInForce,
    @Inject(LEDGER_LOG_QUERIES) private readonly log: LedgerLogQueries,
    @Inject(CHANGE_CALENDAR_QUERIES) private readonly calendar: ChangeCalendarQueries,
  ) {}

  @Post()
  async create(
    @Body() body: CreateChangeRequestDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const content = toContentInput(body) as ContentInput;
    const outcome = await this.execute(
      undefined,
      { type: 'CreateChangeRequest', data: { content, submit: body.draft !== true } },
      actor,
      request,
    );
    const { state } = outcome;
    const rule =
      state.content.category === 'standard'
        ? null
        : approvalRule(this.policy.policy, state.content.category, state.content.priority);
    return {
      change_request_id: outcome.changeRequestId,
      status: state.status,
      approvers: state.requiredApprovals.map((required) => required.role),
      estimated_approval_time: rule ? duration(rule.approvalTimeoutMinutes) : null,
      approval_due_at: state.approvalDue?.dueAt ?? null,
      policy_version: state.policyVersion,
      position: position(outcome),
    };
  }

  @Post('emergency')
  async createEmergency(
    @Body() body: ChangeContentDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const content = toContentInput(body) as ContentInput;
    const outcome = await this.execute(
      undefined,
      { type: 'CreateEmergencyChange', data: { content } },
      actor,
      request,
    );
    return presentChangeRequest(outcome.state, outcome.position);
  }

  /** `?as_of=`: what the ledger knew at that instant (events recorded before it). */
  @Get(':id')
  async get(@Param('id') id: string, @Query() query: AsOfQueryDto) {
    const change = await this.queries.execute<GetChangeRequestQuery, ChangeRequest>(
      new GetChangeRequestQuery(changeRequestId(id), asOfDate(query)),
    );
    return { ...presentChangeRequest(change), conflicts: await this.conflictsOf(change) };
  }

  @Get(':id/history')
  async history(@Param('id') id: string, @Query() query: AsOfQueryDto) {
    const events = await this.queries.execute<GetChangeRequestHistoryQuery, RecordedEvent[]>(
      new GetChangeRequestHistoryQuery(changeRequestId(id), asOfDate(query)),
    );
    return presentHistory(id, events, await this.log.leafIndexes(events.map((event) => event.id)));
  }

  @Patch(':id')
  async amend(
    @Param('id') id: string,
    @Body() body: AmendChangeRequestDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        { type: 'AmendChangeRequest', data: { changes: toContentInput(body) } },
        actor,
        request,
      ),
    );
  }

  @Post(':id/submit')
  @HttpCode(200)
  async submit(
    @Param('id') id: string,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(id, { type: 'SubmitChangeRequest', data: {} }, actor, request),
    );
  }

  @Post(':id/approve')
  @HttpCode(200)
  async approve(
    @Param('id') id: string,
    @Body() body: ApproveDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    if (!body.approved) {
      if (!body.comments)
        throw new RequestValidationError([
          { field: 'comments', reason: 'a rejection (approved: false) says why in comments' },
        ]);
      return this.present(
        await this.execute(
          id,
          { type: 'RejectChangeRequest', data: { role: body.role ?? null, reason: body.comments } },
          actor,
          request,
        ),
      );
    }
    const outcome = await this.execute(
      id,
      {
        type: 'ApproveChangeRequest',
        data: {
          role: body.role ?? null,
          comments: body.comments ?? null,
          conditions: body.conditions ?? [],
        },
      },
      actor,
      request,
    );
    const approval = outcome.events.find((event) => event.type === 'ChangeApproved');
    const given = new Set(outcome.state.approvals.map((given) => given.role));
    const remaining = outcome.state.requiredApprovals
      .map((required) => required.role)
      .filter((role) => !given.has(role));
    return {
      change_request_id: outcome.changeRequestId,
      status: outcome.state.status,
      approved_by: actor.id,
      approved_as: approval?.type === 'ChangeApproved' ? approval.data.role : null,
      approved_at: approval?.data.at ?? null,
      remaining_approvals: remaining,
      next_step: remaining.length === 0 ? 'implementation' : 'awaiting_approval',
      position: position(outcome),
    };
  }

  @Post(':id/reject')
  @HttpCode(200)
  async reject(
    @Param('id') id: string,
    @Body() body: RejectDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        { type: 'RejectChangeRequest', data: { role: body.role ?? null, reason: body.reason } },
        actor,
        request,
      ),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(
    @Param('id') id: string,
    @Body() body: CancelDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        { type: 'CancelChangeRequest', data: { reason: body.reason } },
        actor,
        request,
      ),
    );
  }

  @Post(':id/schedule')
  @HttpCode(200)
  async schedule(
    @Param('id') id: string,
    @Body() body: ScheduleDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const outcome = await this.execute(
      id,
      {
        type: 'ScheduleChange',
        data: {
          scheduledFor: body.scheduled_for,
          scheduledUntil: body.scheduled_until ?? null,
          maintenanceWindow: body.maintenance_window ?? false,
        },
      },
      actor,
      request,
    );
    // Conflicts are reported, not refused: the change is scheduled either way (issue 17).
    return { ...this.present(outcome), conflicts: await this.conflictsOf(outcome.state) };
  }

  @Post(':id/implement')
  @HttpCode(200)
  async implement(
    @Param('id') id: string,
    @Body() body: ImplementDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const outcome = await this.execute(
      id,
      {
        type: 'StartImplementation',
        data: {
          implementationPlan: body.implementation_plan ?? null,
          scheduledTime: body.scheduled_time ?? null,
          maintenanceWindow: body.maintenance_window ?? false,
        },
      },
      actor,
      request,
    );
    const started = outcome.state.implementationStartedAt!;
    const minutes = body.estimated_duration_minutes ?? DEFAULT_IMPLEMENTATION_MINUTES;
    return {
      change_request_id: outcome.changeRequestId,
      status: outcome.state.status,
      implementation_started: started,
      estimated_completion: new Date(Date.parse(started) + minutes * 60_000).toISOString(),
      documentation_due_at: outcome.state.emergency?.documentation?.dueAt ?? null,
      post_hoc_review_due_at: outcome.state.emergency?.postHocReview?.dueAt ?? null,
      position: position(outcome),
    };
  }

  @Post(':id/verify')
  @HttpCode(200)
  async verify(
    @Param('id') id: string,
    @Body() body: VerifyDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        {
          type: 'RecordVerification',
          data: {
            outcome: body.outcome,
            monitoringMinutes: body.monitoring_minutes,
            checks: body.checks ?? [],
            notes: body.notes ?? null,
          },
        },
        actor,
        request,
      ),
    );
  }

  @Post(':id/complete')
  @HttpCode(200)
  async complete(
    @Param('id') id: string,
    @Body() body: CompleteDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    const outcome = await this.execute(
      id,
      {
        type: 'CompleteChange',
        data: {
          outcome: body.status,
          testResults: body.test_results ?? null,
          postImplementationReview: body.post_implementation_review ?? null,
        },
      },
      actor,
      request,
    );
    const completed = outcome.events.find((event) => event.type === 'ChangeCompleted');
    return {
      change_request_id: outcome.changeRequestId,
      status: outcome.state.status,
      completed_at: outcome.state.completedAt,
      next_review: completed?.type === 'ChangeCompleted' ? completed.data.nextReview : null,
      position: position(outcome),
    };
  }

  @Post(':id/rollback')
  @HttpCode(200)
  async rollback(
    @Param('id') id: string,
    @Body() body: RollbackDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        {
          type: 'RollBackChange',
          data: {
            reason: body.reason,
            incidentId: body.incident_id,
            severity: body.severity ?? DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
          },
        },
        actor,
        request,
      ),
    );
  }

  @Post(':id/review')
  @HttpCode(200)
  async review(
    @Param('id') id: string,
    @Body() body: ReviewDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        { type: 'RecordReview', data: { kind: body.kind, findings: body.findings } },
        actor,
        request,
      ),
    );
  }

  @Post(':id/exceptions')
  @HttpCode(200)
  async requestException(
    @Param('id') id: string,
    @Body() body: ExceptionRequestDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        {
          type: 'RequestPolicyException',
          data: { deviation: body.deviation, riskAssessment: body.risk_assessment },
        },
        actor,
        request,
      ),
    );
  }

  @Post(':id/exceptions/approve')
  @HttpCode(200)
  async approveException(
    @Param('id') id: string,
    @Body() body: ExceptionApproveDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    return this.present(
      await this.execute(
        id,
        { type: 'ApprovePolicyException', data: { role: body.role ?? null } },
        actor,
        request,
      ),
    );
  }

  private execute(
    id: string | undefined,
    intent: ChangeRequestIntent,
    actor: AuthenticatedActor,
    request: Request,
  ): Promise<ChangeRequestOutcome> {
    // The id the request's log lines carry (x-request-id when sent), echoed back.
    const requestId = requestIdOf(request);
    const context: RequestContext = {
      actor,
      requestId,
      correlationId: headerValue(request, 'x-correlation-id') ?? requestId,
    };
    return this.commands.execute(
      new ExecuteChangeRequestCommand(
        id === undefined ? undefined : changeRequestId(id),
        intent,
        context,
      ),
    );
  }

  /** Other changes scheduled on the same systems at overlapping times (issue 17). */
  private async conflictsOf(change: ChangeRequest) {
    if (!change.scheduledFor || !change.scheduledUntil) return [];
    const conflicts = await this.calendar.conflictsWith(change.id, {
      systems: change.content.affectedSystems,
      start: change.scheduledFor,
      end: change.scheduledUntil,
    });
    return conflicts.map(({ change_request_ids: [, other], systems, start, end }) => ({
      change_request_id: other,
      systems,
      start,
      end,
    }));
  }

  private present(outcome: ChangeRequestOutcome) {
    return presentChangeRequest(outcome.state, outcome.position);
  }
}

function asOfDate(query: AsOfQueryDto): Date | undefined {
  return query.as_of === undefined ? undefined : parseTimestamp(query.as_of);
}

export function changeRequestId(id: string): string {
  if (!CHANGE_REQUEST_ID.test(id))
    throw new RequestValidationError([
      { field: 'id', reason: `${JSON.stringify(id)} is not a change request id like CHG-2025-001` },
    ]);
  return id;
}

export function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^[\w.:-]{1,128}$/.test(text) ? text : undefined;
}

function position(outcome: ChangeRequestOutcome): string | null {
  return outcome.position ? formatPosition(outcome.position) : null;
}

function duration(minutes: number): string {
  if (minutes % (24 * 60) === 0 && minutes >= 7 * 24 * 60) return `${minutes / (24 * 60)}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
