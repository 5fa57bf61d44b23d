import { RecordReviewCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TEXT } from '../dto/change-request.dto';

export class ReviewDto {
  @IsIn(['post_hoc', 'post_incident', 'post_implementation']) kind!:
    'post_hoc' | 'post_incident' | 'post_implementation';
  @IsString() @IsNotEmpty() @MaxLength(TEXT) findings!: string;
}

/** The command this body states for change request `id`. */
export function toCommand(
  id: string,
  body: ReviewDto,
  context: RequestContext,
): RecordReviewCommand {
  return new RecordReviewCommand(id, { kind: body.kind, findings: body.findings }, context);
}
