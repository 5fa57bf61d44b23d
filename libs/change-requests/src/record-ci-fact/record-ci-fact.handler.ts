import { type RecordCiFact } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RecordCiFactCommand } from './record-ci-fact.command';

@CommandHandler(RecordCiFactCommand)
export class RecordCiFactHandler extends ChangeRequestUseCaseHandler<RecordCiFact> {
  protected readonly decides = 'RecordCiFact';
}
