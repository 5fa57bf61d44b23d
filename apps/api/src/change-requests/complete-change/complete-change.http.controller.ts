import { type ChangeRequestOutcome } from '@change-ledger/change-requests';
import { CompletionAnswer } from './complete-change.response.dto';
import {
  ChangeRequestStep,
  ChangeRequestUseCaseController,
  outcomePosition,
} from '../change-request-route';
import { CompleteDto, toCommand } from './complete-change.request.dto';

/** API-COMPLETE: when it closed, and when it is next reviewed. */
export class CompleteChangeHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('complete'),
  CompleteDto,
  toCommand,
  { present: presentCompletion, type: CompletionAnswer },
) {}

function presentCompletion(outcome: ChangeRequestOutcome) {
  const completed = outcome.events.find((event) => event.type === 'ChangeCompleted');
  return {
    change_request_id: outcome.changeRequestId,
    status: outcome.state.status,
    completed_at: outcome.state.completedAt,
    next_review: completed?.type === 'ChangeCompleted' ? completed.data.nextReview : null,
    position: outcomePosition(outcome),
  };
}
