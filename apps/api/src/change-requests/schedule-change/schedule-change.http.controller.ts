import { type ChangeRequestOutcome, type RequestContext } from '@change-ledger/change-requests';
import { ChangeRequestConflictsQuery } from '@change-ledger/read-models';
import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCtx } from '../../auth/request-context.decorator';
import { conflictsOf } from '../change-request-conflicts';
import {
  CHANGE_REQUESTS_ROUTE,
  ChangeRequestStep,
  changeRequestId,
  presentOutcome,
} from '../change-request-route';
import { ScheduledChangeAnswer } from '../dto/change-request.response.dto';
import { ScheduleDto, toCommand } from './schedule-change.request.dto';

/**
 * When an approved change will be implemented, checked against the calendar; the answer names
 * the changes it overlaps on the same systems (reported, not refused: issue 17).
 */
@Controller(CHANGE_REQUESTS_ROUTE)
export class ScheduleChangeHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly conflicts: ChangeRequestConflictsQuery,
  ) {}

  @ChangeRequestStep('schedule')
  async schedule(
    @Param('id') id: string,
    @Body() body: ScheduleDto,
    @RequestCtx() context: RequestContext,
  ): Promise<ScheduledChangeAnswer> {
    const outcome: ChangeRequestOutcome = await this.commands.execute(
      toCommand(changeRequestId(id), body, context),
    );
    return {
      ...presentOutcome(outcome),
      conflicts: await conflictsOf(this.conflicts, outcome.state),
    };
  }
}
