import {
  ApproveChangeRequestCommand,
  RejectChangeRequestCommand,
  type RequestContext,
} from '@change-ledger/change-requests';
import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { RequestCtx } from '../../auth/request-context.decorator';
import { RequestValidationError } from '../../problem-details/request-validation.error';
import {
  ChangeRequestStep,
  CHANGE_REQUESTS_ROUTE,
  changeRequestId,
  outcomePosition,
  presentOutcome,
} from '../change-request-route';
import { ChangeRequestStepAnswer } from '../dto/change-request.response.dto';
import { ApproveDto } from './approve-change-request.request.dto';
import { ApprovalAnswer } from './approve-change-request.response.dto';

/**
 * API-APPROVE: `approved: true` gives one required approval and answers what remains;
 * `approved: false` is API-APPROVE's way to reject, so it states the reject use case, its comments the
 * reason, and answers as the reject route does.
 */
@Controller(CHANGE_REQUESTS_ROUTE)
export class ApproveChangeRequestHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ChangeRequestStep('approve')
  @ApiExtraModels(ApprovalAnswer, ChangeRequestStepAnswer)
  @ApiOkResponse({
    description: 'An approval: what remains. A rejection (`approved: false`): the change request.',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ApprovalAnswer) },
        { $ref: getSchemaPath(ChangeRequestStepAnswer) },
      ],
    },
  })
  async approve(
    @Param('id') id: string,
    @Body() body: ApproveDto,
    @RequestCtx() context: RequestContext,
  ): Promise<ApprovalAnswer | ChangeRequestStepAnswer> {
    if (!body.approved) {
      if (!body.comments)
        throw new RequestValidationError([
          { field: 'comments', reason: 'a rejection (approved: false) says why in comments' },
        ]);
      const rejection = { role: body.role ?? null, reason: body.comments };
      return presentOutcome(
        await this.commands.execute(
          new RejectChangeRequestCommand(changeRequestId(id), rejection, context),
        ),
      );
    }
    const approval = {
      role: body.role ?? null,
      comments: body.comments ?? null,
      conditions: body.conditions ?? [],
    };
    const outcome = await this.commands.execute(
      new ApproveChangeRequestCommand(changeRequestId(id), approval, context),
    );
    const approved = outcome.events.find((event) => event.type === 'ChangeApproved');
    const given = new Set(outcome.state.approvals.map((given) => given.role));
    const remaining = outcome.state.requiredApprovals
      .map((required) => required.role)
      .filter((role) => !given.has(role));
    return {
      change_request_id: outcome.changeRequestId,
      status: outcome.state.status,
      approved_by: context.actor.id,
      approved_as: approved?.type === 'ChangeApproved' ? approved.data.role : null,
      approved_at: approved?.data.at ?? null,
      remaining_approvals: remaining,
      next_step: remaining.length === 0 ? 'implementation' : 'awaiting_approval',
      position: outcomePosition(outcome),
    };
  }
}
