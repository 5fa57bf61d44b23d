import { type ProposeStandardChangeTemplate } from '@change-ledger/domain';
import { TemplateUseCaseCommand } from '../standard-change-template-use-case';

/** A new template, or the next version of one, for the CAB to approve. */
export class ProposeStandardChangeTemplateCommand extends TemplateUseCaseCommand<ProposeStandardChangeTemplate> {}
