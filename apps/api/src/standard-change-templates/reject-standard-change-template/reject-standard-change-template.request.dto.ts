import {
  RejectStandardChangeTemplateCommand,
  type RequestContext,
} from '@change-ledger/change-requests';
import { TemplateDecisionDto } from '../standard-change-template.dto';

export class RejectTemplateDto extends TemplateDecisionDto {}

export function toCommand(id: string, body: RejectTemplateDto, context: RequestContext) {
  return new RejectStandardChangeTemplateCommand(
    id,
    { role: body.role ?? null, reason: body.reason },
    context,
  );
}
