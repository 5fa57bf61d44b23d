import { type RetireStandardChangeTemplate } from '@change-ledger/domain';
import { TemplateUseCaseCommand } from '../standard-change-template-use-case';

/** A CAB member retires a template: it pre-approves nothing from then on. */
export class RetireStandardChangeTemplateCommand extends TemplateUseCaseCommand<RetireStandardChangeTemplate> {}
