import {
  CreateChangeRequestCommand,
  PolicyInForce,
  type RequestContext,
} from '@change-ledger/change-requests';
import { approvalRule, type ContentInput } from '@change-ledger/domain';
import { Body, Controller } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCtx } from '../../auth/request-context.decorator';
import { toContentInput } from '../change-request.input';
import { CHANGE_REQUESTS_ROUTE, outcomePosition } from '../change-request-route';
import { CreateChangeRequestDto } from './create-change-request.request.dto';
import { CreatedChangeRequest } from './create-change-request.response.dto';

/** API-ROUTES' create: the new id, who must approve, and by when. */
@Controller(CHANGE_REQUESTS_ROUTE)
export class CreateChangeRequestHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly policy: PolicyInForce,
  ) {}

  @IdempotentPost()
  // The receipt is the interceptor's: the answer before it has none.
  @ApiCreatedResponse({ type: CreatedChangeRequest })
  async create(
    @Body() body: CreateChangeRequestDto,
    @RequestCtx() context: RequestContext,
  ): Promise<Omit<CreatedChangeRequest, 'receipt' | 'receipt_unavailable'>> {
    const content = toContentInput(body) as ContentInput;
    const outcome = await this.commands.execute(
      new CreateChangeRequestCommand({ content, submit: body.draft !== true }, context),
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
      position: outcomePosition(outcome),
    };
  }
}

function duration(minutes: number): string {
  if (minutes % (24 * 60) === 0 && minutes >= 7 * 24 * 60) return `${minutes / (24 * 60)}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
