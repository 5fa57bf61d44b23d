import { type SubmitChangeRequest } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** A draft submitted for approval by the roles the policy requires. */
export class SubmitChangeRequestCommand extends ChangeRequestUseCaseCommand<SubmitChangeRequest> {}
