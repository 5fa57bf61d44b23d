import { CreateEmergencyChangeCommand, type RequestContext } from '@change-ledger/change-requests';
import { type ContentInput } from '@change-ledger/domain';
import { Body, Controller } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCtx } from '../../auth/request-context.decorator';
import { toContentInput } from '../change-request.input';
import { CHANGE_REQUESTS_ROUTE, presentOutcome } from '../change-request-route';
import { ChangeContentDto } from '../dto/change-request.dto';
import { ChangeRequestStepAnswer } from '../dto/change-request.response.dto';

/** An emergency change: implemented first, documented and approved retroactively. */
@Controller(CHANGE_REQUESTS_ROUTE)
export class CreateEmergencyChangeHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** The body is a change's content alone: the category is `emergency` by the route. */
  @IdempotentPost('emergency')
  @ApiCreatedResponse({ type: ChangeRequestStepAnswer })
  async createEmergency(@Body() body: ChangeContentDto, @RequestCtx() context: RequestContext) {
    const content = toContentInput(body) as ContentInput;
    return presentOutcome(
      await this.commands.execute(new CreateEmergencyChangeCommand({ content }, context)),
    );
  }
}
