import { type ProposeStandardChangeTemplate } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { TemplateUseCaseHandler } from '../standard-change-template-use-case';
import { ProposeStandardChangeTemplateCommand } from './propose-standard-change-template.command';

@CommandHandler(ProposeStandardChangeTemplateCommand)
export class ProposeStandardChangeTemplateHandler extends TemplateUseCaseHandler<ProposeStandardChangeTemplate> {
  protected readonly decides = 'ProposeStandardChangeTemplate';
}
