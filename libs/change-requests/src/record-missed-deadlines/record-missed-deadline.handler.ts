import { type RecordMissedDeadline } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RecordMissedDeadlineCommand } from './record-missed-deadline.command';

@CommandHandler(RecordMissedDeadlineCommand)
export class RecordMissedDeadlineHandler extends ChangeRequestUseCaseHandler<RecordMissedDeadline> {
  protected readonly decides = 'RecordMissedDeadline';
}
