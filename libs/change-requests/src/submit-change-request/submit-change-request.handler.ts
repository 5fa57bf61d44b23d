import { type SubmitChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { SubmitChangeRequestCommand } from './submit-change-request.command';

@CommandHandler(SubmitChangeRequestCommand)
export class SubmitChangeRequestHandler extends ChangeRequestUseCaseHandler<SubmitChangeRequest> {
  protected readonly decides = 'SubmitChangeRequest';
}
