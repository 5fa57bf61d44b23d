import { type AmendChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestDecisions } from '../change-request-decisions';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { StandardChangeCatalogue } from '../standard-change-templates/standard-change-catalogue';
import { AmendChangeRequestCommand } from './amend-change-request.command';

@CommandHandler(AmendChangeRequestCommand)
export class AmendChangeRequestHandler extends ChangeRequestUseCaseHandler<AmendChangeRequest> {
  protected readonly decides = 'AmendChangeRequest';

  constructor(
    decisions: ChangeRequestDecisions,
    private readonly catalogue: StandardChangeCatalogue,
  ) {
    super(decisions);
  }

  /** An amended standard change must still fit its template (and one it is moved to). */
  override async execute(command: AmendChangeRequestCommand) {
    const [stored, named] = await Promise.all([
      this.catalogue.forChangeRequest(command.changeRequestId),
      this.catalogue.named([command.payload.changes?.standardTemplateId]),
    ]);
    const standardTemplates = { ...stored, ...named };
    return super.execute({ ...command, payload: { ...command.payload, standardTemplates } });
  }
}
