import { presentDefinition, presentTemplate } from '@change-ledger/change-requests';
import { ListStandardChangeTemplatesQuery } from '@change-ledger/read-models';
import { Controller, Get, Query } from '@nestjs/common';
import { ReadQueryContext } from '../../read-models/read-query';
import { STANDARD_CHANGE_TEMPLATES_ROUTE } from '../standard-change-template-route';
import { ListTemplatesQueryDto } from './list-standard-change-templates.request.dto';
import { StandardChangeTemplatesAnswer } from './list-standard-change-templates.response.dto';

/**
 * The catalogue: every template with its version in force, its constraints, what awaits the CAB,
 * and how its instances went (uses, success rate, rollbacks, incidents). From the read model,
 * eventually consistent: `min_position` waits for a write to show. Every authenticated role reads it.
 */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class ListStandardChangeTemplatesHttpController {
  constructor(
    private readonly catalogue: ListStandardChangeTemplatesQuery,
    private readonly read: ReadQueryContext,
  ) {}

  @Get()
  async list(@Query() query: ListTemplatesQueryDto): Promise<StandardChangeTemplatesAnswer> {
    await this.read.awaitPosition(
      query.min_position,
      ['standard-change-catalogue'],
      'The catalogue',
    );
    const entries = await this.catalogue.list(query.status);
    return {
      templates: entries.map(({ template, usage }) => {
        const { awaiting_approval, suspension, retired, version, status, title, template_id } =
          presentTemplate(template);
        return {
          template_id,
          title,
          status,
          version,
          constraints: template.current ? presentDefinition(template.current.definition) : null,
          awaiting_approval,
          suspension,
          retired,
          usage,
        };
      }),
    };
  }
}
