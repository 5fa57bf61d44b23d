import { Refused } from './principals';

/**
 * Standard changes in the model, as the ledger has them today: a standard change names a template
 * of the policy's catalogue (only its id is checked) and is pre-approved when submitted; its
 * requester may implement it. Issue 25 item 1 (the governed catalogue) enforces each template's
 * constraints on every instance: after that merge, state them here, and nothing else in the model
 * needs to change.
 */
export const CATALOGUE = ['dependency-update', 'certificate-renewal', 'config-value-change'];

/** A template id the catalogue does not hold, for the model to try. */
export const NOT_IN_CATALOGUE = 'hand-rolled-template';

export interface StandardRequest {
  templateId: string;
  changeType: string;
  priority: string;
}

/** Why creating this standard change is refused, or null: only an unknown template is, today. */
export function standardRefusal(request: StandardRequest): Refused | null {
  return CATALOGUE.includes(request.templateId) ? null : new Refused(400, 'CHANGE_REQUEST.INVALID');
}

/** 003 §1 "self-approved (engineer)": the policy's requester_may_implement_standard. */
export const REQUESTER_MAY_IMPLEMENT_STANDARD = true;
