import { type StartImplementation } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { StartImplementationCommand } from './start-implementation.command';

@CommandHandler(StartImplementationCommand)
export class StartImplementationHandler extends ChangeRequestUseCaseHandler<StartImplementation> {
  protected readonly decides = 'StartImplementation';
}
