import { addOneMonth } from '../business-time';
import { type CompleteChange } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { oneOf, optionalText } from '../guards';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { requireImplementerRole } from '../step-roles';

/** Closed as completed (after a passed verification, next review a month later) or failed. */
export function complete(command: CompleteChange, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'complete', ['implementing']);
  requireImplementerRole(command.meta.actor, command.data.policy, 'complete');
  const stamp = stampOf(command.meta);
  const outcome = oneOf('status', command.data.outcome, ['completed', 'failed'] as const);
  const testResults = optionalText('test_results', command.data.testResults);
  const postImplementationReview = optionalText(
    'post_implementation_review',
    command.data.postImplementationReview,
  );
  if (outcome === 'failed') {
    return [{ type: 'ChangeFailed', data: { ...stamp, testResults, postImplementationReview } }];
  }
  if (change.verification?.outcome !== 'passed') {
    throw refuse.conflict(
      'CHANGE_REQUEST.VERIFICATION_REQUIRED',
      `${change.id} has no passed post-deployment verification yet`,
      { verification: change.verification },
    );
  }
  return [
    {
      type: 'ChangeCompleted',
      data: {
        ...stamp,
        testResults,
        postImplementationReview,
        nextReview: addOneMonth(stamp.at),
      },
    },
  ];
}
