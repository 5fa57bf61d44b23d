import { type RecordVerification } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { existing, requireStatus, stampOf } from '../lifecycle';

/** 001 step 7: post-deployment verification, after at least the policy's monitoring period. */
export function verify(
  command: RecordVerification,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'verify', ['implementing']);
  const { outcome, monitoringMinutes, checks, notes, policy } = command.data;
  const minimum = policy.verification.minimumMonitoringMinutes;
  if (monitoringMinutes < minimum) {
    throw refuse.invalid(
      'monitoring_minutes',
      `post-deployment monitoring lasts at least ${minimum} minutes (001 step 7)`,
    );
  }
  return [
    {
      type: 'ChangeVerified',
      data: { ...stampOf(command.meta), outcome, monitoringMinutes, checks, notes },
    },
  ];
}
