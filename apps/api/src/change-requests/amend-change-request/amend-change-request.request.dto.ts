import { AmendChangeRequestCommand, type RequestContext } from '@change-ledger/change-requests';
import { OmitType, PartialType } from '@nestjs/mapped-types';
import { toContentInput } from '../change-request.input';
import { ChangeContentDto } from '../dto/change-request.dto';

/** Any content field; the category and the template are fixed once requested. */
export class AmendChangeRequestDto extends PartialType(
  OmitType(ChangeContentDto, ['standard_template_id'] as const),
) {}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: AmendChangeRequestDto,
  context: RequestContext,
): AmendChangeRequestCommand {
  return new AmendChangeRequestCommand(id, { changes: toContentInput(body) }, context);
}
