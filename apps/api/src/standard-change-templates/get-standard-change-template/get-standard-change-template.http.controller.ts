import {
  GetStandardChangeTemplateQuery,
  presentTemplate,
  presentTemplateHistory,
  type StandardChangeTemplateRecord,
} from '@change-ledger/change-requests';
import { TemplateUsageQuery } from '@change-ledger/read-models';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { STANDARD_CHANGE_TEMPLATES_ROUTE, templateId } from '../standard-change-template-route';
import { StandardChangeTemplateDetail } from './get-standard-change-template.response.dto';

/**
 * One template from its own stream (never a lagging read model), with its history, and how its
 * instances went (uses, success rate, rollbacks: from the catalogue's read model).
 */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class GetStandardChangeTemplateHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly usage: TemplateUsageQuery,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<StandardChangeTemplateDetail> {
    const { state, events } = await this.queries.execute<
      GetStandardChangeTemplateQuery,
      StandardChangeTemplateRecord
    >(new GetStandardChangeTemplateQuery(templateId(id)));
    return {
      ...presentTemplate(state),
      usage: await this.usage.usage(state.id),
      history: presentTemplateHistory(events),
    };
  }
}
