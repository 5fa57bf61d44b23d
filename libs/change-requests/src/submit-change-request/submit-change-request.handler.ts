import { type SubmitChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestDecisions } from '../change-request-decisions';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { StandardChangeCatalogue } from '../standard-change-templates/standard-change-catalogue';
import { SubmitChangeRequestCommand } from './submit-change-request.command';

@CommandHandler(SubmitChangeRequestCommand)
export class SubmitChangeRequestHandler extends ChangeRequestUseCaseHandler<SubmitChangeRequest> {
  protected readonly decides = 'SubmitChangeRequest';

  constructor(
    decisions: ChangeRequestDecisions,
    private readonly catalogue: StandardChangeCatalogue,
  ) {
    super(decisions);
  }

  /** A standard draft is judged against its template as it stands when it is submitted. */
  override async execute(command: SubmitChangeRequestCommand) {
    const standardTemplates = await this.catalogue.forChangeRequest(command.changeRequestId);
    return super.execute({ ...command, payload: { ...command.payload, standardTemplates } });
  }
}
