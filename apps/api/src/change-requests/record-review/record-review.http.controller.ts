import { ChangeRequestStep, ChangeRequestUseCaseController } from '../change-request-route';
import { ReviewDto, toCommand } from './record-review.request.dto';

/** A post-hoc, post-incident or post-implementation review. */
export class RecordReviewHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('review'),
  ReviewDto,
  toCommand,
) {}
