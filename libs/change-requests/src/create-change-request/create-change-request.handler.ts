import { type CreateChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestDecisions } from '../change-request-decisions';
import { CreationUseCaseHandler } from '../change-request-use-case';
import { StandardChangeCatalogue } from '../standard-change-templates/standard-change-catalogue';
import { CreateChangeRequestCommand } from './create-change-request.command';

@CommandHandler(CreateChangeRequestCommand)
export class CreateChangeRequestHandler extends CreationUseCaseHandler<CreateChangeRequest> {
  protected readonly decides = 'CreateChangeRequest';

  constructor(
    decisions: ChangeRequestDecisions,
    private readonly catalogue: StandardChangeCatalogue,
  ) {
    super(decisions);
  }

  /** A standard change is judged against the template it names, as that record stands now. */
  override async execute(command: CreateChangeRequestCommand) {
    const { content } = command.payload;
    const standardTemplates =
      content?.category === 'standard'
        ? await this.catalogue.named([content.standardTemplateId])
        : {};
    return super.execute({ ...command, payload: { ...command.payload, standardTemplates } });
  }
}
