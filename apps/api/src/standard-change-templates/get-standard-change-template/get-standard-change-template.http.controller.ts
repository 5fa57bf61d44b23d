import {
  GetStandardChangeTemplateQuery,
  presentTemplate,
  presentTemplateHistory,
  type StandardChangeTemplateRecord,
} from '@change-ledger/change-requests';
import { type StandardChangeCatalogueQueries } from '@change-ledger/read-models';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { STANDARD_CHANGE_CATALOGUE_QUERIES } from '../../read-models/read-models.provider';
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
    @Inject(STANDARD_CHANGE_CATALOGUE_QUERIES)
    private readonly catalogue: StandardChangeCatalogueQueries,
  ) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<StandardChangeTemplateDetail> {
    const { state, events } = await this.queries.execute<
      GetStandardChangeTemplateQuery,
      StandardChangeTemplateRecord
    >(new GetStandardChangeTemplateQuery(templateId(id)));
    return {
      ...presentTemplate(state),
      usage: await this.catalogue.usage(state.id),
      history: presentTemplateHistory(events),
    };
  }
}
