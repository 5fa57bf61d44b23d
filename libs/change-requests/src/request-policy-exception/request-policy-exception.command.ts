import { type RequestPolicyException } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** A deviation from the policy asked for, with its risk assessment. */
export class RequestPolicyExceptionCommand extends ChangeRequestUseCaseCommand<RequestPolicyException> {}
