import { type Actor } from '../change-request/change-request.model';
import { type RequiredApproval } from '../policy/policy';
import {
  type RejectStandardChangeTemplate,
  type RetireStandardChangeTemplate,
} from './standard-change-template.commands';
import { refuseTemplate } from './standard-change-template.errors';
import {
  type StandardChangeTemplate,
  type StandardChangeTemplateState,
} from './standard-change-template.model';

/**
 * Who may act on the catalogue, shared by its commands: people only (a service credential never
 * proposes, approves, rejects or retires a template), and the roles the policy names for it.
 */
export function requirePerson(actor: Actor, step: string): void {
  if (actor.kind !== 'user') {
    throw refuseTemplate.forbidden(
      'STANDARD_CHANGE_TEMPLATE.PERSONS_ONLY',
      `${actor.id} is a service; only a person may ${step} a standard-change template`,
      { actor: actor.id, kind: actor.kind },
    );
  }
}

export function requireOneOf(actor: Actor, roles: readonly string[], step: string): void {
  if (roles.some((role) => actor.roles.includes(role))) return;
  throw refuseTemplate.forbidden(
    'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
    `${actor.id} may not ${step} a standard-change template: that takes one of the roles ${roles.join(', ')}`,
    { step, required: roles, actorRoles: actor.roles },
  );
}

/** The CAB role an actor acts in: the one they name, or the first of theirs the policy lists. */
export function cabRole(
  actor: Actor,
  cab: readonly string[],
  requested: string | null,
  step: string,
): string {
  if (requested !== null) {
    if (!cab.includes(requested)) {
      throw refuseTemplate.invalid(
        'role',
        `${requested} is not a CAB role of the policy (${cab.join(', ')})`,
      );
    }
    requireOneOf(actor, [requested], step);
    return requested;
  }
  requireOneOf(actor, cab, step);
  return cab.find((role) => actor.roles.includes(role))!;
}

/**
 * A step one CAB member takes alone (reject a proposal, retire the template): on a template that
 * exists and is not retired, by a person in one of the policy's CAB roles. Answers the template
 * and the role they act in.
 */
export function cabMemberStep(
  command: RejectStandardChangeTemplate | RetireStandardChangeTemplate,
  state: StandardChangeTemplateState,
  step: string,
): { template: StandardChangeTemplate; role: string } {
  const { actor, templateId } = command.meta;
  const template = existingTemplate(state, templateId);
  refuseRetired(template, step);
  requirePerson(actor, step);
  const role = cabRole(
    actor,
    command.data.policy.standardChanges.templateApprovers,
    command.data.role,
    step,
  );
  return { template, role };
}

/** Each required role once, in the policy's order. */
export function requiredOf(roles: readonly string[]): RequiredApproval[] {
  return [...new Set(roles)].map((role) => ({ role }));
}

export function existingTemplate(
  state: StandardChangeTemplateState,
  id: string,
): StandardChangeTemplate {
  if (state.status === 'absent') throw refuseTemplate.notFound(id);
  return state;
}

export function refuseRetired(template: StandardChangeTemplate, step: string): void {
  if (template.status === 'retired') {
    throw refuseTemplate.conflict(
      'STANDARD_CHANGE_TEMPLATE.RETIRED',
      `Cannot ${step} template ${template.id}: it was retired on ${template.retired!.at}`,
      { id: template.id },
    );
  }
}
