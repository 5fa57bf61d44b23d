import { type RecordReview } from '@change-ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';
import { ChangeRequestUseCaseHandler } from '../change-request-use-case';
import { RecordReviewCommand } from './record-review.command';

@CommandHandler(RecordReviewCommand)
export class RecordReviewHandler extends ChangeRequestUseCaseHandler<RecordReview> {
  protected readonly decides = 'RecordReview';
}
