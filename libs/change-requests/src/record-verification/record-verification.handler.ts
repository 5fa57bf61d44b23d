import { type RecordVerification } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RecordVerificationCommand } from './record-verification.command';

@CommandHandler(RecordVerificationCommand)
export class RecordVerificationHandler extends ChangeRequestUseCaseHandler<RecordVerification> {
  protected readonly decides = 'RecordVerification';
}
