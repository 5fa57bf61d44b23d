import { approve } from './approve-change-request/approve-change-request';
import { reject } from './reject-change-request/reject-change-request';
import { amend } from './amend-change-request/amend-change-request';
import { keepingApprovalInvariant } from './approval-invariant';
import { cancel } from './cancel-change-request/cancel-change-request';
import { type ChangeRequestCommand } from './change-request.commands';
import { type ChangeRequestEvent } from './change-request.events';
import { type ChangeRequestState } from './change-request.model';
import { evolve } from './change-request.evolve';
import { recordCiFact } from './record-ci-fact/record-ci-fact';
import { complete } from './complete-change/complete-change';
import { create, createEmergency } from './create-change-request/create-change-request';
import { approveException } from './approve-policy-exception/approve-policy-exception';
import { requestException } from './request-policy-exception/request-policy-exception';
import { startImplementation } from './start-implementation/start-implementation';
import { assertNever } from './lifecycle';
import { recordMissedDeadline } from './record-missed-deadline/record-missed-deadline';
import { review } from './record-review/record-review';
import { rollBack } from './roll-back-change/roll-back-change';
import { schedule } from './schedule-change/schedule-change';
import {
  refuseServiceRecordingOtherCategories,
  refuseServiceWithoutMandate,
} from './services-are-not-people';
import { submit } from './submit-change-request/submit-change-request';
import { verify } from './record-verification/record-verification';

export { evolve, rehydrate } from './change-request.evolve';

/**
 * The change request decider: `decide(command, state) → events` only dispatches, so a rule is
 * found by the name of its command (one file per command, its spec beside it). Pure: who acts,
 * when, and the policy in force all arrive in the command. Rules shared by several commands live
 * in `separation-of-duties.ts`, `deadlines.ts`, `lifecycle.ts` and `change-content.ts`. One rule
 * comes before the dispatch because it is about who may issue any command at all, not what a
 * command does: a service takes a person's step only where the policy names it for that step
 * (`services-are-not-people.ts`, exhaustive over the command types), and a service named for some
 * categories is held to them on what the command would record, not only on what it asked for.
 * Whatever a command decides is held to the one invariant of approval (`approval-invariant.ts`).
 */
export function decide(
  command: ChangeRequestCommand,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  refuseServiceWithoutMandate(command, state);
  const events = dispatch(command, state);
  refuseServiceRecordingOtherCategories(command, events);
  return keepingApprovalInvariant(command, state, events, evolve);
}

function dispatch(command: ChangeRequestCommand, state: ChangeRequestState): ChangeRequestEvent[] {
  switch (command.type) {
    case 'CreateChangeRequest':
      return create(command, state);
    case 'CreateEmergencyChange':
      return createEmergency(command, state);
    case 'SubmitChangeRequest':
      return submit(command, state);
    case 'AmendChangeRequest':
      return amend(command, state);
    case 'ApproveChangeRequest':
      return approve(command, state);
    case 'RejectChangeRequest':
      return reject(command, state);
    case 'CancelChangeRequest':
      return cancel(command, state);
    case 'ScheduleChange':
      return schedule(command, state);
    case 'StartImplementation':
      return startImplementation(command, state);
    case 'RecordVerification':
      return verify(command, state);
    case 'CompleteChange':
      return complete(command, state);
    case 'RollBackChange':
      return rollBack(command, state);
    case 'RecordReview':
      return review(command, state);
    case 'RequestPolicyException':
      return requestException(command, state);
    case 'ApprovePolicyException':
      return approveException(command, state);
    case 'RecordCiFact':
      return recordCiFact(command, state);
    case 'RecordMissedDeadline':
      return recordMissedDeadline(command, state);
    default:
      return assertNever(command);
  }
}
