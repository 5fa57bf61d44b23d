import { type CreateChangeRequest } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { CreationUseCaseHandler } from '../change-request-use-case';
import { CreateChangeRequestCommand } from './create-change-request.command';

@CommandHandler(CreateChangeRequestCommand)
export class CreateChangeRequestHandler extends CreationUseCaseHandler<CreateChangeRequest> {
  protected readonly decides = 'CreateChangeRequest';
}
