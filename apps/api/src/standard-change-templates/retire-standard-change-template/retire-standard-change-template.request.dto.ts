import {
  type RequestContext,
  RetireStandardChangeTemplateCommand,
} from '@change-ledger/change-requests';
import { TemplateDecisionDto } from '../standard-change-template.dto';

export class RetireTemplateDto extends TemplateDecisionDto {}

export function toCommand(id: string, body: RetireTemplateDto, context: RequestContext) {
  return new RetireStandardChangeTemplateCommand(
    id,
    { role: body.role ?? null, reason: body.reason },
    context,
  );
}
