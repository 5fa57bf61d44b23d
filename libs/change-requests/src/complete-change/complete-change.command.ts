import { type CompleteChange } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** The change closed as completed or failed. */
export class CompleteChangeCommand extends ChangeRequestUseCaseCommand<CompleteChange> {}
