import { type ApprovePolicyException } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { ApprovePolicyExceptionCommand } from './approve-policy-exception.command';

@CommandHandler(ApprovePolicyExceptionCommand)
export class ApprovePolicyExceptionHandler extends ChangeRequestUseCaseHandler<ApprovePolicyException> {
  protected readonly decides = 'ApprovePolicyException';
}
