import { type ApproveChangeRequest } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** One required approval; the last one approves the change request. */
export class ApproveChangeRequestCommand extends ChangeRequestUseCaseCommand<ApproveChangeRequest> {}
