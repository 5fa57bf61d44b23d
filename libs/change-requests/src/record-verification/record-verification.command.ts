import { type RecordVerification } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** What post-deployment monitoring found. */
export class RecordVerificationCommand extends ChangeRequestUseCaseCommand<RecordVerification> {}
