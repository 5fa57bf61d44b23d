import { type AmendChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { AmendChangeRequestCommand } from './amend-change-request.command';

@CommandHandler(AmendChangeRequestCommand)
export class AmendChangeRequestHandler extends ChangeRequestUseCaseHandler<AmendChangeRequest> {
  protected readonly decides = 'AmendChangeRequest';
}
