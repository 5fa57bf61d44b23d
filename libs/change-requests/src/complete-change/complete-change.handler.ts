import { type CompleteChange } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { CompleteChangeCommand } from './complete-change.command';

@CommandHandler(CompleteChangeCommand)
export class CompleteChangeHandler extends ChangeRequestUseCaseHandler<CompleteChange> {
  protected readonly decides = 'CompleteChange';
}
