import { type ApproveChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { ApproveChangeRequestCommand } from './approve-change-request.command';

@CommandHandler(ApproveChangeRequestCommand)
export class ApproveChangeRequestHandler extends ChangeRequestUseCaseHandler<ApproveChangeRequest> {
  protected readonly decides = 'ApproveChangeRequest';
}
