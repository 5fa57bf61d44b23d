import { presentDefinition, presentTemplate } from '@change-ledger/change-requests';
import { parsePosition } from '@change-ledger/event-store';
import {
  type ChangeRequestQueries,
  type StandardChangeCatalogueQueries,
} from '@change-ledger/read-models';
import { Controller, Get, Inject, Query, ServiceUnavailableException } from '@nestjs/common';
import {
  CHANGE_REQUEST_QUERIES,
  STANDARD_CHANGE_CATALOGUE_QUERIES,
} from '../../read-models/read-models.provider';
import { RequestValidationError } from '../../problem-details/request-validation.error';
import { STANDARD_CHANGE_TEMPLATES_ROUTE } from '../standard-change-template-route';
import { ListTemplatesQueryDto } from './list-standard-change-templates.request.dto';
import { StandardChangeTemplatesAnswer } from './list-standard-change-templates.response.dto';

const CONSISTENCY_WAIT_MS = 5_000;

/**
 * The catalogue: every template with its version in force, its constraints, what awaits the CAB,
 * and how its instances went (uses, success rate, rollbacks, incidents). From the read model,
 * eventually consistent: `min_position` waits for a write to show. Every authenticated role reads it.
 */
@Controller(STANDARD_CHANGE_TEMPLATES_ROUTE)
export class ListStandardChangeTemplatesHttpController {
  constructor(
    @Inject(STANDARD_CHANGE_CATALOGUE_QUERIES)
    private readonly catalogue: StandardChangeCatalogueQueries,
    @Inject(CHANGE_REQUEST_QUERIES) private readonly checkpoints: ChangeRequestQueries,
  ) {}

  @Get()
  async list(@Query() query: ListTemplatesQueryDto): Promise<StandardChangeTemplatesAnswer> {
    await this.awaitPosition(query.min_position);
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

  private async awaitPosition(minPosition: string | undefined): Promise<void> {
    if (!minPosition) return;
    let position;
    try {
      position = parsePosition(minPosition);
    } catch {
      throw new RequestValidationError([
        { field: 'min_position', reason: 'must be a position a write answered with' },
      ]);
    }
    const deadline = Date.now() + CONSISTENCY_WAIT_MS;
    while (!(await this.checkpoints.hasReached('standard-change-catalogue', position))) {
      if (Date.now() > deadline)
        throw new ServiceUnavailableException(
          `The catalogue has not reached ${minPosition} yet; retry shortly`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
