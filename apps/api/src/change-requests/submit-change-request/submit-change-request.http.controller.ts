import { type RequestContext, SubmitChangeRequestCommand } from '@change-ledger/change-requests';
import { Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCtx } from '../../auth/request-context.decorator';
import {
  ChangeRequestStep,
  CHANGE_REQUESTS_ROUTE,
  changeRequestId,
  presentOutcome,
} from '../change-request-route';
import { ChangeRequestStepAnswer } from '../dto/change-request.response.dto';

/** A draft submitted for approval by the roles the policy requires. */
@Controller(CHANGE_REQUESTS_ROUTE)
export class SubmitChangeRequestHttpController {
  constructor(private readonly commands: CommandBus) {}

  @ChangeRequestStep('submit')
  async submit(
    @Param('id') id: string,
    @RequestCtx() context: RequestContext,
  ): Promise<ChangeRequestStepAnswer> {
    return presentOutcome(
      await this.commands.execute(new SubmitChangeRequestCommand(changeRequestId(id), {}, context)),
    );
  }
}
