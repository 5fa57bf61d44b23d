import { type SuspendStandardChangeTemplate } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { TemplateUseCaseHandler } from '../standard-change-template-use-case';
import { SuspendStandardChangeTemplateCommand } from './suspend-standard-change-template.command';

@CommandHandler(SuspendStandardChangeTemplateCommand)
export class SuspendStandardChangeTemplateHandler extends TemplateUseCaseHandler<SuspendStandardChangeTemplate> {
  protected readonly decides = 'SuspendStandardChangeTemplate';
}
