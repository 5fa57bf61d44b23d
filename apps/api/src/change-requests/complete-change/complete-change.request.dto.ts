import { CompleteChangeCommand, type RequestContext } from '@change-ledger/change-requests';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional, TEXT } from '../dto/change-request.dto';

export class CompleteDto {
  @IsIn(['completed', 'failed']) status!: 'completed' | 'failed';
  @Optional() @IsString() @MaxLength(TEXT) test_results?: string;
  @Optional() @IsString() @MaxLength(TEXT) post_implementation_review?: string;
}

/** The command this body states for change request `id`. */
export function toCommand(id: string, body: CompleteDto, context: RequestContext) {
  const completion = {
    outcome: body.status,
    testResults: body.test_results ?? null,
    postImplementationReview: body.post_implementation_review ?? null,
  };
  return new CompleteChangeCommand(id, completion, context);
}
