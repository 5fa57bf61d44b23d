import { type RecordMissedDeadline } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** A deadline that passed unmet (from the deadline watcher). */
export class RecordMissedDeadlineCommand extends ChangeRequestUseCaseCommand<RecordMissedDeadline> {}
