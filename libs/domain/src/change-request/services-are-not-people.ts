import {
  type Category,
  type DelegableStep,
  JUDGEMENT_STEPS,
  type JudgementStep,
  type Policy,
  type ServiceMandate,
} from '../policy/policy';
import { type ChangeRequestCommand } from './change-request.commands';
import { type ChangeRequestEvent } from './change-request.events';
import { refuse } from './change-request.errors';
import { type Actor, type ChangeRequestState } from './change-request.model';

/**
 * Services are not people (issue 25 §5, ADR 0024). A service reports CI facts and reads; every
 * step a person takes on a change request refuses a service, whatever roles its credential
 * carries, unless the policy names that service for that step (`services` in the policy file, a
 * bot that files standard changes) — and judgements are never delegated. Before this rule a CI
 * token with no roles created an emergency change, and services rejected, cancelled, amended and
 * reviewed.
 */

export type PersonStep = DelegableStep | JudgementStep;

/**
 * The person's step each command is; null for the commands that are no person's: a CI fact
 * (whose reporter is the credential's binding's question, libs/change-requests' record-ci-fact/)
 * and a missed deadline (the ledger's own clock). A Record over every command type, so a new
 * command cannot be added without saying who may issue it.
 */
const STEP_OF: Record<ChangeRequestCommand['type'], PersonStep | null> = {
  CreateChangeRequest: 'create',
  CreateEmergencyChange: 'create_emergency',
  AmendChangeRequest: 'amend',
  SubmitChangeRequest: 'submit',
  CancelChangeRequest: 'cancel',
  ScheduleChange: 'schedule',
  StartImplementation: 'implement',
  RecordVerification: 'verify',
  CompleteChange: 'complete',
  RollBackChange: 'roll_back',
  RequestPolicyException: 'request_exception',
  ApproveChangeRequest: 'approve',
  RejectChangeRequest: 'reject',
  RecordReview: 'review',
  ApprovePolicyException: 'approve_exception',
  RecordCiFact: null,
  RecordMissedDeadline: null,
};

export function personStepOf(command: ChangeRequestCommand): PersonStep | null {
  return STEP_OF[command.type];
}

/** The policy entry naming this service for this step, with its place in the policy file. */
export function mandateFor(
  policy: Pick<Policy, 'services'>,
  principal: string,
  step: PersonStep,
): { mandate: ServiceMandate; entry: string } | null {
  // The policy file refuses to name a service for a judgement; a policy built otherwise still cannot.
  if ((JUDGEMENT_STEPS as readonly string[]).includes(step)) return null;
  const index = policy.services.findIndex(
    (mandate) =>
      mandate.principal === principal && (mandate.steps as readonly string[]).includes(step),
  );
  return index < 0 ? null : { mandate: policy.services[index]!, entry: `services[${index}]` };
}

/**
 * Refuses a service a person's step the policy does not name it for, or on a category of change
 * its entry does not cover (the change's category, and an amendment's new one).
 */
export function refuseServiceWithoutMandate(
  command: ChangeRequestCommand,
  state: ChangeRequestState,
): void {
  const { actor } = command.meta;
  if (actor.kind !== 'service') return;
  const step = personStepOf(command);
  if (step === null) return;
  const found = 'policy' in command.data ? mandateFor(command.data.policy, actor.id, step) : null;
  if (!found) throw notAPerson(actor, step, command.meta.changeRequestId);
  refuseOutsideCategories(actor, step, found, categoriesOf(command, state));
}

/**
 * Refuses a service named for some categories a command whose events record its change in
 * another: the category the ledger records, not only the one asked for — under
 * `standard_changes.outside_template: normal_change`, a standard change that does not fit its
 * template is recorded as a normal change when it is submitted, which a bot named for standard
 * changes may not file. Runs on what the command decided, before anything is recorded.
 */
export function refuseServiceRecordingOtherCategories(
  command: ChangeRequestCommand,
  events: readonly ChangeRequestEvent[],
): void {
  const { actor } = command.meta;
  if (actor.kind !== 'service') return;
  const step = personStepOf(command);
  if (step === null || !('policy' in command.data)) return;
  const found = mandateFor(command.data.policy, actor.id, step);
  if (!found) return;
  const recorded = events.flatMap((event) =>
    event.type === 'ChangeRequestCreated' || event.type === 'ChangeRequestAmended'
      ? [event.data.content.category]
      : [],
  );
  refuseOutsideCategories(actor, step, found, recorded);
}

function refuseOutsideCategories(
  actor: Actor,
  step: PersonStep,
  found: { mandate: ServiceMandate; entry: string },
  touched: readonly Category[],
): void {
  const { categories } = found.mandate;
  if (categories.length === 0) return;
  const outside = [...new Set(touched.filter((category) => !categories.includes(category)))];
  if (outside.length > 0) {
    throw refuse.forbidden(
      'CHANGE_REQUEST.NOT_A_PERSON',
      `${actor.id} is a service named by the policy (${found.entry}) for ${step} on ${categories.join(', ')} changes only, not ${outside.join(', ')}`,
      { actor: actor.id, step, policyEntry: found.entry, categories, category: outside[0] },
    );
  }
}

function notAPerson(actor: Actor, step: PersonStep, changeRequestId: string) {
  return refuse.forbidden(
    'CHANGE_REQUEST.NOT_A_PERSON',
    `${actor.id} is a service: ${step.replace('_', ' ')} is a person's step, and the policy names no service for it (services in the policy file)`,
    { actor: actor.id, kind: actor.kind, step, changeRequestId },
  );
}

function categoriesOf(command: ChangeRequestCommand, state: ChangeRequestState): Category[] {
  switch (command.type) {
    case 'CreateChangeRequest':
      return [command.data.content.category ?? 'normal'];
    case 'CreateEmergencyChange':
      return ['emergency'];
    case 'AmendChangeRequest':
      return [
        ...(state.status === 'absent' ? [] : [state.content.category]),
        ...(command.data.changes.category ? [command.data.changes.category] : []),
      ];
    default:
      return state.status === 'absent' ? [] : [state.content.category];
  }
}
