import { type RequestPolicyException } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RequestPolicyExceptionCommand } from './request-policy-exception.command';

@CommandHandler(RequestPolicyExceptionCommand)
export class RequestPolicyExceptionHandler extends ChangeRequestUseCaseHandler<RequestPolicyException> {
  protected readonly decides = 'RequestPolicyException';
}
