import { optionalText } from '../../change-request/guards';
import { type Actor } from '../../change-request/change-request.model';
import { type RequiredApproval } from '../../policy/policy';
import { type ApproveStandardChangeTemplate } from '../standard-change-template.commands';
import { asTemplateInput, refuseTemplate } from '../standard-change-template.errors';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import {
  type StandardChangeTemplate,
  type StandardChangeTemplateState,
  type TemplateApproval,
} from '../standard-change-template.model';
import { existingTemplate, refuseRetired, requirePerson } from '../template-roles';

/** What awaits the CAB: a proposed version, or else the re-approval of a suspended one. */
export interface AwaitingApproval {
  version: number;
  reapproval: boolean;
  proposedBy: string | null;
  requiredApprovals: RequiredApproval[];
  approvals: TemplateApproval[];
}

export function awaitingApproval(template: StandardChangeTemplate): AwaitingApproval | null {
  if (template.proposal) return { ...template.proposal, reapproval: false };
  if (template.suspension && template.current) {
    return {
      version: template.current.version,
      reapproval: true,
      proposedBy: null,
      requiredApprovals: template.suspension.requiredApprovals,
      approvals: template.suspension.approvals,
    };
  }
  return null;
}

/**
 * One CAB role's approval, like a change's: by a person holding the role, never the proposer,
 * one approval per person. The last one puts the version in force (or lifts the suspension).
 */
export function approveTemplate(
  command: ApproveStandardChangeTemplate,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  const { actor, templateId, at } = command.meta;
  const template = existingTemplate(state, templateId);
  refuseRetired(template, 'approve');
  const awaiting = awaitingApproval(template);
  if (!awaiting) {
    throw refuseTemplate.conflict(
      'STANDARD_CHANGE_TEMPLATE.NOTHING_TO_APPROVE',
      `Template ${templateId} is ${template.status}${template.current ? ` at version ${template.current.version}` : ''}; no version awaits approval`,
      { id: templateId, status: template.status },
    );
  }
  if (command.data.version !== null && command.data.version !== awaiting.version) {
    throw refuseTemplate.conflict(
      'STANDARD_CHANGE_TEMPLATE.VERSION_MISMATCH',
      `Version ${awaiting.version} of template ${templateId} awaits approval, not ${command.data.version}`,
      { id: templateId, awaiting: awaiting.version, version: command.data.version },
    );
  }
  const role = approvingRole(templateId, awaiting, actor, command.data.role);
  const comments = asTemplateInput(() => optionalText('comments', command.data.comments));
  const given: StandardChangeTemplateEvent = {
    type: 'StandardChangeTemplateApprovalGiven',
    data: {
      templateId,
      by: actor.id,
      at,
      version: awaiting.version,
      role,
      comments,
      reapproval: awaiting.reapproval,
      policyVersion: command.data.policy.version,
    },
  };
  const approvals = [...awaiting.approvals, { approverId: actor.id, role }];
  const open = awaiting.requiredApprovals.filter(
    (required) => !approvals.some((approval) => approval.role === required.role),
  );
  if (open.length > 0) return [given];
  return [
    given,
    {
      type: 'StandardChangeTemplateApproved',
      data: {
        templateId,
        by: actor.id,
        at,
        version: awaiting.version,
        approvers: approvals.map(({ approverId, role: approved }) => ({
          approverId,
          role: approved,
        })),
        reapproval: awaiting.reapproval,
      },
    },
  ];
}

/** The required role this approval satisfies, after the separation-of-duties checks. */
function approvingRole(
  templateId: string,
  awaiting: AwaitingApproval,
  actor: Actor,
  requested: string | null,
): string {
  requirePerson(actor, 'approve');
  if (awaiting.proposedBy === actor.id) {
    throw refuseTemplate.forbidden(
      'STANDARD_CHANGE_TEMPLATE.SELF_APPROVAL',
      `${actor.id} proposed version ${awaiting.version} of ${templateId} and cannot approve it`,
      { actor: actor.id },
    );
  }
  if (awaiting.approvals.some((approval) => approval.approverId === actor.id)) {
    throw refuseTemplate.forbidden(
      'STANDARD_CHANGE_TEMPLATE.ONE_APPROVAL_PER_PERSON',
      `${actor.id} has already approved version ${awaiting.version} of ${templateId}; one person never satisfies two required approvals`,
      { actor: actor.id },
    );
  }
  const required = awaiting.requiredApprovals.map((approval) => approval.role);
  const open = required.filter((role) => !awaiting.approvals.some((given) => given.role === role));
  if (requested !== null) {
    if (!required.includes(requested)) {
      throw refuseTemplate.invalid(
        'role',
        `${requested} is not among the approvals ${templateId} requires (${required.join(', ')})`,
      );
    }
    if (!open.includes(requested)) {
      throw refuseTemplate.conflict(
        'STANDARD_CHANGE_TEMPLATE.ROLE_ALREADY_APPROVED',
        `The ${requested} approval of version ${awaiting.version} of ${templateId} is already given`,
        { role: requested },
      );
    }
    if (!actor.roles.includes(requested)) {
      throw refuseTemplate.forbidden(
        'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
        `${actor.id} does not hold the ${requested} role`,
        { role: requested, actorRoles: actor.roles },
      );
    }
    return requested;
  }
  const mine = open.find((role) => actor.roles.includes(role));
  if (mine) return mine;
  if (required.some((role) => actor.roles.includes(role))) {
    throw refuseTemplate.conflict(
      'STANDARD_CHANGE_TEMPLATE.ROLE_ALREADY_APPROVED',
      `Every approval of version ${awaiting.version} of ${templateId} that ${actor.id}'s roles could give is already given`,
      { actorRoles: actor.roles },
    );
  }
  throw refuseTemplate.forbidden(
    'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
    `${actor.id} may not approve ${templateId}: that takes one of the CAB roles ${open.join(', ')}`,
    { required: open, actorRoles: actor.roles },
  );
}
