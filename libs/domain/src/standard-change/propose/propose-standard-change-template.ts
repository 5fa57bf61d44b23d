import { type ProposeStandardChangeTemplate } from '../standard-change-template.commands';
import { refuseTemplate } from '../standard-change-template.errors';
import { type StandardChangeTemplateEvent } from '../standard-change-template.events';
import {
  STANDARD_CHANGE_TEMPLATE_ID,
  type StandardChangeTemplateState,
} from '../standard-change-template.model';
import { templateDefinition } from '../template-definition';
import { refuseRetired, requiredOf, requireOneOf, requirePerson } from '../template-roles';

/**
 * A new template, or the next version of one, for the CAB to approve. The version in force stays
 * in force meanwhile; one proposal at a time, so the CAB never approves a version it did not see.
 */
export function propose(
  command: ProposeStandardChangeTemplate,
  state: StandardChangeTemplateState,
): StandardChangeTemplateEvent[] {
  const { actor, templateId, at } = command.meta;
  const { policy, revision } = command.data;
  requirePerson(actor, 'propose');
  requireOneOf(actor, policy.standardChanges.templateProposers, 'propose');
  if (!STANDARD_CHANGE_TEMPLATE_ID.test(templateId)) {
    throw refuseTemplate.invalid(
      'id',
      'must be a lower-case slug like dependency-update (at most 63 characters)',
    );
  }
  if (state.status === 'absent' && revision) throw refuseTemplate.notFound(templateId);
  if (state.status !== 'absent') {
    if (!revision) throw refuseTemplate.alreadyExists(templateId);
    refuseRetired(state, 'propose a new version of');
    if (state.proposal) {
      throw refuseTemplate.conflict(
        'STANDARD_CHANGE_TEMPLATE.PROPOSAL_PENDING',
        `Version ${state.proposal.version} of template ${templateId} awaits approval; approve or reject it first`,
        { id: templateId, version: state.proposal.version },
      );
    }
  }
  return [
    {
      type: 'StandardChangeTemplateProposed',
      data: {
        templateId,
        by: actor.id,
        at,
        version: (state.status === 'absent' ? 0 : state.lastVersion) + 1,
        definition: templateDefinition(command.data.definition, policy),
        requiredApprovals: requiredOf(policy.standardChanges.templateApprovers),
        policyVersion: policy.version,
      },
    },
  ];
}
