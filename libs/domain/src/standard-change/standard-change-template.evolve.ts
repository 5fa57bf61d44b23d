import { assertNever } from '../change-request/lifecycle';
import { type StandardChangeTemplateEvent } from './standard-change-template.events';
import {
  type StandardChangeTemplate,
  type StandardChangeTemplateState,
  statusOf,
} from './standard-change-template.model';

/** `evolve(state, event) → state` of a template; its status is always read off its parts. */
export function evolveTemplate(
  state: StandardChangeTemplateState,
  event: StandardChangeTemplateEvent,
): StandardChangeTemplateState {
  const next = applyTemplateEvent(state, event);
  if (next === null) return state;
  const { status: _previous, ...parts } = next;
  return { ...parts, status: statusOf(parts) };
}

export function rehydrateTemplate(
  events: readonly StandardChangeTemplateEvent[],
): StandardChangeTemplateState {
  return events.reduce<StandardChangeTemplateState>(evolveTemplate, { status: 'absent' });
}

function fresh(templateId: string, at: string): StandardChangeTemplate {
  return {
    status: 'rejected',
    id: templateId,
    createdAt: at,
    current: null,
    versions: [],
    proposal: null,
    suspension: null,
    suspendedFor: [],
    retired: null,
    lastVersion: 0,
  };
}

/** The event applied, or null when it changes nothing (an event before the template exists). */
function applyTemplateEvent(
  state: StandardChangeTemplateState,
  event: StandardChangeTemplateEvent,
): StandardChangeTemplate | null {
  const { data } = event;
  if (state.status === 'absent') {
    if (
      event.type !== 'StandardChangeTemplateAdopted' &&
      event.type !== 'StandardChangeTemplateProposed'
    )
      return null;
  }
  const template = state.status === 'absent' ? fresh(data.templateId, data.at) : state;
  switch (event.type) {
    case 'StandardChangeTemplateAdopted': {
      const version = {
        version: event.data.version,
        definition: event.data.definition,
        approvedAt: data.at,
        approvals: [],
        adoptedFromPolicy: event.data.policyVersion,
      };
      return {
        ...template,
        current: version,
        versions: [...template.versions, version],
        lastVersion: event.data.version,
      };
    }
    case 'StandardChangeTemplateProposed':
      return {
        ...template,
        proposal: {
          version: event.data.version,
          definition: event.data.definition,
          proposedBy: data.by,
          proposedAt: data.at,
          requiredApprovals: event.data.requiredApprovals,
          approvals: [],
        },
        lastVersion: event.data.version,
      };
    case 'StandardChangeTemplateApprovalGiven': {
      const approval = {
        approverId: data.by,
        role: event.data.role,
        at: data.at,
        comments: event.data.comments,
      };
      if (event.data.reapproval)
        return template.suspension
          ? {
              ...template,
              suspension: {
                ...template.suspension,
                approvals: [...template.suspension.approvals, approval],
              },
            }
          : template;
      return template.proposal
        ? {
            ...template,
            proposal: {
              ...template.proposal,
              approvals: [...template.proposal.approvals, approval],
            },
          }
        : template;
    }
    case 'StandardChangeTemplateApproved': {
      if (event.data.reapproval) return { ...template, suspension: null };
      if (!template.proposal) return template;
      const version = {
        version: template.proposal.version,
        definition: template.proposal.definition,
        approvedAt: data.at,
        approvals: template.proposal.approvals,
        adoptedFromPolicy: null,
      };
      // An approved new version is a fresh judgement by the CAB: it lifts a suspension too.
      return {
        ...template,
        current: version,
        versions: [...template.versions, version],
        proposal: null,
        suspension: null,
      };
    }
    case 'StandardChangeTemplateProposalRejected':
      return { ...template, proposal: null };
    case 'StandardChangeTemplateSuspended':
      return {
        ...template,
        suspension: {
          at: data.at,
          changeRequestId: event.data.changeRequestId,
          reason: event.data.reason,
          detail: event.data.detail,
          requiredApprovals: event.data.requiredApprovals,
          approvals: [],
        },
        suspendedFor: [...template.suspendedFor, event.data.changeRequestId],
      };
    case 'StandardChangeTemplateRetired':
      return { ...template, retired: { at: data.at, by: data.by, reason: event.data.reason } };
    default:
      return assertNever(event);
  }
}
