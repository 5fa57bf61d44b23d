import { type ApproveStandardChangeTemplate } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { TemplateUseCaseHandler } from '../standard-change-template-use-case';
import { ApproveStandardChangeTemplateCommand } from './approve-standard-change-template.command';

@CommandHandler(ApproveStandardChangeTemplateCommand)
export class ApproveStandardChangeTemplateHandler extends TemplateUseCaseHandler<ApproveStandardChangeTemplate> {
  protected readonly decides = 'ApproveStandardChangeTemplate';
}
