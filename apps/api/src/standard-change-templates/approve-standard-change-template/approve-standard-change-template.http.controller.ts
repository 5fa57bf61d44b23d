import {
  ApproveStandardChangeTemplateCommand,
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
import { ApproveTemplateDto } from './approve-standard-change-template.request.dto';

/** One CAB role's approval of the version awaiting it, or of a suspended template's re-approval. */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class ApproveStandardChangeTemplateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @IdempotentPost(':id/approve')
  @HttpCode(200)
  async approve(
    @Param('id') id: string,
    @Body() body: ApproveTemplateDto,
    @RequestCtx() context: RequestContext,
  ) {
    return presentTemplateOutcome(
      await this.commands.execute(
        new ApproveStandardChangeTemplateCommand(
          templateId(id),
          {
            role: body.role ?? null,
            version: body.version ?? null,
            comments: body.comments ?? null,
          },
          context,
        ),
      ),
    );
  }
}
