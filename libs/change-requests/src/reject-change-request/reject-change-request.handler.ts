import { type RejectChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RejectChangeRequestCommand } from './reject-change-request.command';

@CommandHandler(RejectChangeRequestCommand)
export class RejectChangeRequestHandler extends ChangeRequestUseCaseHandler<RejectChangeRequest> {
  protected readonly decides = 'RejectChangeRequest';
}
