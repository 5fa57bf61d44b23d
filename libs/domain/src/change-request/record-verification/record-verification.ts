import { type RecordVerification } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestEvent } from '../change-request.events';
import { type ChangeRequestState } from '../change-request.model';
import { minutes, oneOf, optionalText, texts } from '../guards';
import { existing, requireStatus, stampOf } from '../lifecycle';
import { refuseRequesterImplementing, requireImplementerRole } from '../step-roles';

/**
 * FLOW-VERIFY-30M: post-deployment verification. A passed one comes after at least the policy's
 * monitoring period; a failed one is known at once (FLOW-ROLLBACK-TRIGGERS: "failed verification testing" is
 * a rollback trigger), so the minimum does not apply to it. The monitoring claimed is held to the
 * clock either way: no more minutes than have passed since implementation started (the command's
 * `at`), so a verification cannot be recorded before its monitoring ends.
 */
export function verify(
  command: RecordVerification,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const change = existing(state, command.meta.changeRequestId);
  requireStatus(change, 'verify', ['implementing']);
  const { actor, at } = command.meta;
  const { policy } = command.data;
  requireImplementerRole(actor, policy, 'verify');
  refuseRequesterImplementing(change, actor, policy, 'verify');
  const outcome = oneOf('outcome', command.data.outcome, ['passed', 'failed'] as const);
  const monitoringMinutes = minutes('monitoring_minutes', command.data.monitoringMinutes, 0);
  const checks = texts('checks', command.data.checks);
  const notes = optionalText('notes', command.data.notes);
  const minimum = policy.verification.minimumMonitoringMinutes;
  if (outcome === 'passed' && monitoringMinutes < minimum) {
    throw refuse.invalid(
      'monitoring_minutes',
      `a passed verification follows at least ${minimum} minutes of monitoring (001 step 7); a failed one may be recorded at once`,
    );
  }
  const elapsed = change.implementationStartedAt
    ? Math.floor((Date.parse(at) - Date.parse(change.implementationStartedAt)) / 60_000)
    : 0;
  if (monitoringMinutes > elapsed) {
    throw refuse.invalid(
      'monitoring_minutes',
      `${monitoringMinutes} minutes of monitoring cannot have passed: implementation started ${elapsed} minutes ago (${change.implementationStartedAt})`,
    );
  }
  return [
    {
      type: 'ChangeVerified',
      data: { ...stampOf(command.meta), outcome, monitoringMinutes, checks, notes },
    },
  ];
}
