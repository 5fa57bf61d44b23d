import { type SuspendStandardChangeTemplate } from '@change-ledger/domain';
import { TemplateUseCaseCommand } from '../standard-change-template-use-case';

/** An instance was rolled back or caused an incident (from the suspension watcher). */
export class SuspendStandardChangeTemplateCommand extends TemplateUseCaseCommand<SuspendStandardChangeTemplate> {}
