import {
  type RequestContext,
  RetireStandardChangeTemplateCommand,
} from '@change-ledger/change-requests';
import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCtx } from '../../auth/request-context.decorator';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { TemplateDecisionDto } from '../reject-standard-change-template/reject-standard-change-template.request.dto';
import {
  presentTemplateOutcome,
  STANDARD_CHANGE_TEMPLATES_ROUTE,
  templateId,
} from '../standard-change-template-route';

/** A CAB member retires a template for good: it pre-approves nothing from then on. */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class RetireStandardChangeTemplateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @IdempotentPost(':id/retire')
  @HttpCode(200)
  async retire(
    @Param('id') id: string,
    @Body() body: TemplateDecisionDto,
    @RequestCtx() context: RequestContext,
  ) {
    return presentTemplateOutcome(
      await this.commands.execute(
        new RetireStandardChangeTemplateCommand(
          templateId(id),
          { role: body.role ?? null, reason: body.reason },
          context,
        ),
      ),
    );
  }
}
