import {
  RejectStandardChangeTemplateCommand,
  type RequestContext,
} from '@change-ledger/change-requests';
import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCtx } from '../../auth/request-context.decorator';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import {
  presentTemplateOutcome,
  STANDARD_CHANGE_TEMPLATES_ROUTE,
  templateId,
} from '../standard-change-template-route';
import { TemplateDecisionDto } from './reject-standard-change-template.request.dto';

/** A CAB member turns a proposed version down; the version in force (if any) stays. */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class RejectStandardChangeTemplateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @IdempotentPost(':id/reject')
  @HttpCode(200)
  async reject(
    @Param('id') id: string,
    @Body() body: TemplateDecisionDto,
    @RequestCtx() context: RequestContext,
  ) {
    return presentTemplateOutcome(
      await this.commands.execute(
        new RejectStandardChangeTemplateCommand(
          templateId(id),
          { role: body.role ?? null, reason: body.reason },
          context,
        ),
      ),
    );
  }
}
