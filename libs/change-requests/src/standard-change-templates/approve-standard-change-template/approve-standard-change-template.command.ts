import { type ApproveStandardChangeTemplate } from '@change-ledger/domain';
import { TemplateUseCaseCommand } from '../standard-change-template-use-case';

/** One CAB role's approval of the version that awaits it (or a suspended template's re-approval). */
export class ApproveStandardChangeTemplateCommand extends TemplateUseCaseCommand<ApproveStandardChangeTemplate> {}
