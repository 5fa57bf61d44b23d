import { TemplateStep, TemplateUseCaseController } from '../standard-change-template-route';
import { RejectTemplateDto, toCommand } from './reject-standard-change-template.request.dto';

/** A CAB member turns a proposed version down; the version in force (if any) stays. */
export class RejectStandardChangeTemplateHttpController extends TemplateUseCaseController(
  TemplateStep('reject'),
  RejectTemplateDto,
  toCommand,
) {}
