import { TemplateStep, TemplateUseCaseController } from '../standard-change-template-route';
import { RetireTemplateDto, toCommand } from './retire-standard-change-template.request.dto';

/** A CAB member retires a template for good: it pre-approves nothing from then on. */
export class RetireStandardChangeTemplateHttpController extends TemplateUseCaseController(
  TemplateStep('retire'),
  RetireTemplateDto,
  toCommand,
) {}
