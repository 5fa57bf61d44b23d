import { type CreateEmergencyChange } from '@change-ledger/domain';
import { CreationUseCaseCommand } from '../change-request-use-case';

/** An emergency change: implemented first, documented and approved retroactively. */
export class CreateEmergencyChangeCommand extends CreationUseCaseCommand<CreateEmergencyChange> {}
