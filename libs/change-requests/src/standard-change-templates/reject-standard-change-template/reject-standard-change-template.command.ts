import { type RejectStandardChangeTemplate } from '@change-ledger/domain';
import { TemplateUseCaseCommand } from '../standard-change-template-use-case';

/** A CAB member turns a proposed version down, with the reason. */
export class RejectStandardChangeTemplateCommand extends TemplateUseCaseCommand<RejectStandardChangeTemplate> {}
