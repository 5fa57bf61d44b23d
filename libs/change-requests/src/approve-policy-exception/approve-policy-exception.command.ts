import { type ApprovePolicyException } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** One sign-off of a requested policy exception. */
export class ApprovePolicyExceptionCommand extends ChangeRequestUseCaseCommand<ApprovePolicyException> {}
