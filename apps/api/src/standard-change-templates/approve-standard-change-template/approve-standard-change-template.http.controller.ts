import { TemplateStep, TemplateUseCaseController } from '../standard-change-template-route';
import { ApproveTemplateDto, toCommand } from './approve-standard-change-template.request.dto';

/** One CAB role's approval of the version awaiting it, or of a suspended template's re-approval. */
export class ApproveStandardChangeTemplateHttpController extends TemplateUseCaseController(
  TemplateStep('approve'),
  ApproveTemplateDto,
  toCommand,
) {}
