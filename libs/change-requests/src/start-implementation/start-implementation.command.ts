import { type StartImplementation } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** Implementation starts by hand (a reported production deployment starts it through record-ci-fact). */
export class StartImplementationCommand extends ChangeRequestUseCaseCommand<StartImplementation> {}
