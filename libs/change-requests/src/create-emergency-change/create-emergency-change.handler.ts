import { type CreateEmergencyChange } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { CreationUseCaseHandler } from '../change-request-use-case';
import { CreateEmergencyChangeCommand } from './create-emergency-change.command';

@CommandHandler(CreateEmergencyChangeCommand)
export class CreateEmergencyChangeHandler extends CreationUseCaseHandler<CreateEmergencyChange> {
  protected readonly decides = 'CreateEmergencyChange';
}
