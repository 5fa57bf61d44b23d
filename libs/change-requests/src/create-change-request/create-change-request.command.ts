import { type CreateChangeRequest } from '@change-ledger/domain';
import { CreationUseCaseCommand } from '../change-request-use-case';

/** A normal, major or standard change request, submitted unless kept as a draft. */
export class CreateChangeRequestCommand extends CreationUseCaseCommand<CreateChangeRequest> {}
