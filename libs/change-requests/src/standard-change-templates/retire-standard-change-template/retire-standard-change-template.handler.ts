import { type RetireStandardChangeTemplate } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { TemplateUseCaseHandler } from '../standard-change-template-use-case';
import { RetireStandardChangeTemplateCommand } from './retire-standard-change-template.command';

@CommandHandler(RetireStandardChangeTemplateCommand)
export class RetireStandardChangeTemplateHandler extends TemplateUseCaseHandler<RetireStandardChangeTemplate> {
  protected readonly decides = 'RetireStandardChangeTemplate';
}
