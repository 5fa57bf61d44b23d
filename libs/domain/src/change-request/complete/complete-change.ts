import { addOneMonth } from '../business-time';
import { type CompleteChange } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { existing, requireStatus, stampOf } from '../lifecycle';

/** Closed as completed (after a passed verification, next review a month later) or failed. */
export function complete(command: CompleteChange, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'complete', ['implementing']);
  const stamp = stampOf(command.meta);
  const { outcome, testResults, postImplementationReview } = command.data;
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
