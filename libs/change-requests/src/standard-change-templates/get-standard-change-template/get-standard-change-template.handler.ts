import { refuseTemplate, type StandardChangeTemplate } from '@change-ledger/domain';
import { type RecordedEvent } from '@change-ledger/event-store';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { StandardChangeTemplateRepository } from '../standard-change-template.repository';
import { GetStandardChangeTemplateQuery } from './get-standard-change-template.query';

export interface StandardChangeTemplateRecord {
  state: StandardChangeTemplate;
  events: RecordedEvent[];
}

/** Read from the stream itself, like one change request: always current, the history with it. */
@QueryHandler(GetStandardChangeTemplateQuery)
export class GetStandardChangeTemplateHandler implements IQueryHandler<
  GetStandardChangeTemplateQuery,
  StandardChangeTemplateRecord
> {
  constructor(private readonly repository: StandardChangeTemplateRepository) {}

  async execute({
    templateId,
  }: GetStandardChangeTemplateQuery): Promise<StandardChangeTemplateRecord> {
    const { state, events } = await this.repository.load(templateId);
    if (state.status === 'absent') throw refuseTemplate.notFound(templateId);
    return { state, events };
  }
}
