import { type AmendChangeRequest } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** New content for a change request before implementation; approvals given to older content are void. */
export class AmendChangeRequestCommand extends ChangeRequestUseCaseCommand<AmendChangeRequest> {}
