import { type CancelChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { CancelChangeRequestCommand } from './cancel-change-request.command';

@CommandHandler(CancelChangeRequestCommand)
export class CancelChangeRequestHandler extends ChangeRequestUseCaseHandler<CancelChangeRequest> {
  protected readonly decides = 'CancelChangeRequest';
}
