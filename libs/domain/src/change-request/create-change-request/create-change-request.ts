import { type CreateChangeRequest, type CreateEmergencyChange } from '../change-request.commands';
import { refuse } from '../change-request.errors';
import { type ChangeRequestCreated, type ChangeRequestEvent } from '../change-request.events';
import { created } from '../change-request.evolve';
import { type ChangeRequestState } from '../change-request.model';
import { normaliseContent } from '../change-content';
import { stampOf } from '../lifecycle';
import { submission } from '../submit-change-request/submit-change-request';

/** A new change request, a draft or submitted at once. */
export function create(
  command: CreateChangeRequest,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const recorded = creation(command, state, false);
  if (!command.data.submit) return [recorded];
  return [
    recorded,
    ...submission(
      created(recorded),
      command.data.policy,
      command.data.standardTemplates ?? {},
      stampOf(command.meta),
    ),
  ];
}

/** SOC-EMERG-PATH: an emergency change is submitted to the emergency approvers as it is filed. */
export function createEmergency(
  command: CreateEmergencyChange,
  state: ChangeRequestState,
): ChangeRequestEvent[] {
  const recorded = creation(command, state, true);
  // An emergency change is never a standard one: no template to judge it by.
  return [
    recorded,
    ...submission(created(recorded), command.data.policy, {}, stampOf(command.meta)),
  ];
}

function creation(
  { data, meta }: CreateChangeRequest | CreateEmergencyChange,
  state: ChangeRequestState,
  emergency: boolean,
): ChangeRequestCreated {
  const { content, policy } = data;
  const templates = ('standardTemplates' in data ? data.standardTemplates : undefined) ?? {};
  if (state.status !== 'absent') throw refuse.alreadyExists(meta.changeRequestId);
  return {
    type: 'ChangeRequestCreated',
    data: {
      ...stampOf(meta),
      content: normaliseContent(content, policy, emergency ? 'emergency' : undefined, templates),
      emergency,
      policyVersion: policy.version,
    },
  };
}
