import { type RecordReview } from '@change-ledger/domain';
import { ChangeRequestUseCaseCommand } from '../change-request-use-case';

/** A post-hoc, post-incident or post-implementation review's findings. */
export class RecordReviewCommand extends ChangeRequestUseCaseCommand<RecordReview> {}
