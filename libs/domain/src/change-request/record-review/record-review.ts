import { type RecordReview } from '../change-request.commands';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { reviewDeadline } from '../deadlines';
import { oneOf, text } from '../guards';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { refuseImplementer, refuseRequester } from '../separation-of-duties';
import { requireReviewerRole } from '../step-roles';

/**
 * A review after the fact: post-hoc of an emergency change (SOC-EMERG-REVIEW), post-incident after a
 * rollback (SOC-ROLLBACK-INCIDENT), or post-implementation of a closed change; it says whether it met its deadline.
 */
export function review(command: RecordReview, state: ChangeRequestState): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  const { actor, at } = command.meta;
  const kind = oneOf('kind', command.data.kind, [
    'post_hoc',
    'post_incident',
    'post_implementation',
  ] as const);
  const findings = text('findings', command.data.findings);
  refuseImplementer(change, actor);
  if (kind === 'post_implementation') {
    requireStatus(change, 'review', ['completed', 'failed', 'rolled_back']);
  }
  const deadline = reviewDeadline(change, kind);
  if (kind === 'post_hoc') {
    refuseRequester(change, actor, 'The requester does not review their own emergency change');
  }
  requireReviewerRole(actor, command.data.policy, kind);
  return [
    {
      type: 'ChangeReviewed',
      data: {
        ...stampOf(command.meta),
        kind,
        findings,
        dueAt: deadline?.dueAt ?? null,
        withinDeadline: deadline ? at <= deadline.dueAt : null,
      },
    },
  ];
}
