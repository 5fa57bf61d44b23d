import { type TemplateOutcome } from '@change-ledger/change-requests';
import { presentTemplate } from '@change-ledger/change-requests';
import { STANDARD_CHANGE_TEMPLATE_ID } from '@change-ledger/domain';
import { RequestValidationError } from '../problem-details/request-validation.error';

/**
 * What the routes of the standard-change catalogue share. Each use case has its own controller in
 * its own folder, all under this one base path.
 */
export const STANDARD_CHANGE_TEMPLATES_ROUTE = 'api/v1/change-management/standard-change-templates';

/** The `:id` of a route, refused (naming the field) unless it can be a template's id. */
export function templateId(id: string): string {
  if (!STANDARD_CHANGE_TEMPLATE_ID.test(id))
    throw new RequestValidationError([
      { field: 'id', reason: `${JSON.stringify(id)} is not a template id like dependency-update` },
    ]);
  return id;
}

/** The template as the use case left it: the answer of every template step. */
export function presentTemplateOutcome(outcome: TemplateOutcome) {
  if (outcome.state.status === 'absent') throw new Error('a decided template exists');
  return presentTemplate(outcome.state, outcome.position);
}
