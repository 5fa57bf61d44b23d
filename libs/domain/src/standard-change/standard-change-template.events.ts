import { type RequiredApproval } from '../policy/policy';
import { type SuspensionReason, type TemplateDefinition } from './standard-change-template.model';

/**
 * The events of a standard-change template's stream, one named type each (past tense). Like a
 * change request's, each carries who and when in its data, so one event read alone is evidence.
 */
export interface TemplateStamp {
  templateId: string;
  by: string;
  at: string;
}

interface Event<Type extends string, Data> {
  type: Type;
  data: Data & TemplateStamp;
}

/** Version 1 taken from the policy file's catalogue, when the governed catalogue was first seeded. */
export type StandardChangeTemplateAdopted = Event<
  'StandardChangeTemplateAdopted',
  { version: number; definition: TemplateDefinition; policyVersion: string }
>;
export type StandardChangeTemplateProposed = Event<
  'StandardChangeTemplateProposed',
  {
    version: number;
    definition: TemplateDefinition;
    requiredApprovals: RequiredApproval[];
    policyVersion: string;
  }
>;
/** One CAB role's approval of a proposed version, or of a suspended one's re-approval. */
export type StandardChangeTemplateApprovalGiven = Event<
  'StandardChangeTemplateApprovalGiven',
  {
    version: number;
    role: string;
    comments: string | null;
    reapproval: boolean;
    policyVersion: string;
  }
>;
/** Every required role approved: the version is in force (a re-approval lifts the suspension). */
export type StandardChangeTemplateApproved = Event<
  'StandardChangeTemplateApproved',
  { version: number; approvers: Array<{ approverId: string; role: string }>; reapproval: boolean }
>;
export type StandardChangeTemplateProposalRejected = Event<
  'StandardChangeTemplateProposalRejected',
  { version: number; role: string; reason: string }
>;
/** An instance was rolled back or caused an incident: no more pre-approvals until re-approved. */
export type StandardChangeTemplateSuspended = Event<
  'StandardChangeTemplateSuspended',
  {
    version: number;
    changeRequestId: string;
    reason: SuspensionReason;
    detail: string;
    requiredApprovals: RequiredApproval[];
  }
>;
export type StandardChangeTemplateRetired = Event<
  'StandardChangeTemplateRetired',
  { role: string; reason: string }
>;

export type StandardChangeTemplateEvent =
  | StandardChangeTemplateAdopted
  | StandardChangeTemplateProposed
  | StandardChangeTemplateApprovalGiven
  | StandardChangeTemplateApproved
  | StandardChangeTemplateProposalRejected
  | StandardChangeTemplateSuspended
  | StandardChangeTemplateRetired;

export type StandardChangeTemplateEventType = StandardChangeTemplateEvent['type'];

export const STANDARD_CHANGE_TEMPLATE_EVENT_TYPES: readonly StandardChangeTemplateEventType[] = [
  'StandardChangeTemplateAdopted',
  'StandardChangeTemplateProposed',
  'StandardChangeTemplateApprovalGiven',
  'StandardChangeTemplateApproved',
  'StandardChangeTemplateProposalRejected',
  'StandardChangeTemplateSuspended',
  'StandardChangeTemplateRetired',
];

const KNOWN_TYPES = new Set<string>(STANDARD_CHANGE_TEMPLATE_EVENT_TYPES);

/** A stored event as a template event, or undefined: names are registered here explicitly. */
export function asStandardChangeTemplateEvent(stored: {
  type: string;
  data: unknown;
}): StandardChangeTemplateEvent | undefined {
  return KNOWN_TYPES.has(stored.type)
    ? ({ type: stored.type, data: stored.data } as StandardChangeTemplateEvent)
    : undefined;
}

export interface StandardChangeCatalogueSeeded {
  type: 'StandardChangeCatalogueSeeded';
  data: { policyVersion: string; templateIds: string[]; at: string };
}
