import { type RollBackChange } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RollBackChangeCommand } from './roll-back-change.command';

@CommandHandler(RollBackChangeCommand)
export class RollBackChangeHandler extends ChangeRequestUseCaseHandler<RollBackChange> {
  protected readonly decides = 'RollBackChange';
}
