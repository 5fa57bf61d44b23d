import { type RejectStandardChangeTemplate } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { TemplateUseCaseHandler } from '../standard-change-template-use-case';
import { RejectStandardChangeTemplateCommand } from './reject-standard-change-template.command';

@CommandHandler(RejectStandardChangeTemplateCommand)
export class RejectStandardChangeTemplateHandler extends TemplateUseCaseHandler<RejectStandardChangeTemplate> {
  protected readonly decides = 'RejectStandardChangeTemplate';
}
