import { type ScheduleChange } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { ScheduleChangeCommand } from './schedule-change.command';

@CommandHandler(ScheduleChangeCommand)
export class ScheduleChangeHandler extends ChangeRequestUseCaseHandler<ScheduleChange> {
  protected readonly decides = 'ScheduleChange';
}
