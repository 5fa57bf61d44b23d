import {
  ProposeStandardChangeTemplateCommand,
  type RequestContext,
} from '@change-ledger/change-requests';
import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { RequestCtx } from '../../auth/request-context.decorator';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { toDefinitionInput } from '../standard-change-template.dto';
import { StandardChangeTemplateWriteAnswer } from '../standard-change-template.response.dto';
import {
  presentTemplateOutcome,
  STANDARD_CHANGE_TEMPLATES_ROUTE,
  templateId,
} from '../standard-change-template-route';
import {
  ProposeTemplateDto,
  ReviseTemplateDto,
} from './propose-standard-change-template.request.dto';

/**
 * A template proposed to the CAB: a new one (version 1), or the next version of one, whose
 * version in force stays in force until the CAB approves the new one. Answered 201 with the
 * template and what awaits approval.
 */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class ProposeStandardChangeTemplateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @IdempotentPost()
  @ApiCreatedResponse({ type: StandardChangeTemplateWriteAnswer })
  async propose(@Body() body: ProposeTemplateDto, @RequestCtx() context: RequestContext) {
    const { id, ...definition } = body;
    return presentTemplateOutcome(
      await this.commands.execute(
        new ProposeStandardChangeTemplateCommand(
          id,
          { definition: toDefinitionInput(definition), revision: false },
          context,
        ),
      ),
    );
  }

  @IdempotentPost(':id/versions')
  @ApiCreatedResponse({ type: StandardChangeTemplateWriteAnswer })
  async revise(
    @Param('id') id: string,
    @Body() body: ReviseTemplateDto,
    @RequestCtx() context: RequestContext,
  ) {
    return presentTemplateOutcome(
      await this.commands.execute(
        new ProposeStandardChangeTemplateCommand(
          templateId(id),
          { definition: toDefinitionInput(body), revision: true },
          context,
        ),
      ),
    );
  }
}
