import { type RollBackChange } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** The change undone; a rollback is an incident to review. */
export class RollBackChangeCommand extends ChangeRequestUseCaseCommand<RollBackChange> {}
