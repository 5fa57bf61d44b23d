import { type ChangeRequestOutcome } from '@change-ledger/change-requests';
import { ImplementationAnswer } from './start-implementation.response.dto';
import {
  ChangeRequestStep,
  ChangeRequestUseCaseController,
  outcomePosition,
} from '../change-request-route';
import { ImplementDto, toCommand } from './start-implementation.request.dto';

const DEFAULT_IMPLEMENTATION_MINUTES = 120;

/** API-IMPLEMENT: when it started, when it should be done, and an emergency's deadlines. */
export class StartImplementationHttpController extends ChangeRequestUseCaseController(
  ChangeRequestStep('implement'),
  ImplementDto,
  toCommand,
  { present: presentImplementation, type: ImplementationAnswer },
) {}

function presentImplementation(outcome: ChangeRequestOutcome, body: ImplementDto) {
  const started = outcome.state.implementationStartedAt!;
  const minutes = body.estimated_duration_minutes ?? DEFAULT_IMPLEMENTATION_MINUTES;
  return {
    change_request_id: outcome.changeRequestId,
    status: outcome.state.status,
    implementation_started: started,
    estimated_completion: new Date(Date.parse(started) + minutes * 60_000).toISOString(),
    documentation_due_at: outcome.state.emergency?.documentation?.dueAt ?? null,
    post_hoc_review_due_at: outcome.state.emergency?.postHocReview?.dueAt ?? null,
    position: outcomePosition(outcome),
  };
}
