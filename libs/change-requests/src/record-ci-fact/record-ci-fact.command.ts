import { type RecordCiFact } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** A fact a CI pipeline reported about this change request (from libs/ingestion). */
export class RecordCiFactCommand extends ChangeRequestUseCaseCommand<RecordCiFact> {}
