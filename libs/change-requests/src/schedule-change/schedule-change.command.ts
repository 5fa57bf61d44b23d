import { type ScheduleChange } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** When an approved change will be implemented. */
export class ScheduleChangeCommand extends ChangeRequestUseCaseCommand<ScheduleChange> {}
