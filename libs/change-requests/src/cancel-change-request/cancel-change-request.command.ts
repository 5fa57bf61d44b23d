import { type CancelChangeRequest } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** Withdrawn before implementation. */
export class CancelChangeRequestCommand extends ChangeRequestUseCaseCommand<CancelChangeRequest> {}
