import { type RejectChangeRequest } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** A required approver says no, and why. */
export class RejectChangeRequestCommand extends ChangeRequestUseCaseCommand<RejectChangeRequest> {}
