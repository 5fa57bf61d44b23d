import { type FieldProblem } from '../errors/ledger-error';
import { misfits, notInForce } from '../standard-change/standard-change-fit';
import {
  type StandardChangeTemplate,
  type StandardTemplatesInForce,
} from '../standard-change/standard-change-template.model';
import { ChangeRequestError, refuse } from './change-request.errors';
import { type ChangeContent, type PolicyInForce } from './change-request.model';

/**
 * What a standard change owes its template (SOC-CATEGORIES "pre-approved … with established procedure"):
 * the label alone pre-approves nothing. Create, amend and submit ask here; the templates arrive in
 * the command, read from their own records by the use case.
 */

/** A standard change outside its template: every constraint it misses, each with its field. */
export class OutsideStandardTemplateError extends ChangeRequestError {
  override get fields(): FieldProblem[] {
    return (this.context as { problems: FieldProblem[] }).problems;
  }
}

/** The template a standard change names, or the field refused. */
export function namedTemplate(
  templateId: string | null,
  templates: StandardTemplatesInForce,
): StandardChangeTemplate {
  const template = templateId === null ? undefined : templates[templateId];
  if (!template) {
    throw refuse.invalid(
      'standard_template_id',
      templateId === null
        ? 'a standard change names the template of the standard-change catalogue it follows'
        : `${templateId} is not a template of the standard-change catalogue (GET /api/v1/change-management/standard-change-templates lists them)`,
    );
  }
  return template;
}

export type StandardVerdict =
  | { fits: true; template: StandardChangeTemplate; version: number }
  | {
      fits: false;
      template: StandardChangeTemplate;
      version: number | null;
      problems: FieldProblem[];
      error: ChangeRequestError;
    };

/** Whether the change is pre-approved by its template as it stands now, and if not, why. */
export function judgeStandardChange(
  content: ChangeContent,
  templates: StandardTemplatesInForce,
  policy: PolicyInForce,
): StandardVerdict {
  const template = namedTemplate(content.standardTemplateId, templates);
  const context = { templateId: template.id, status: template.status };
  const why = notInForce(template);
  if (why !== null || template.current === null) {
    const problems = [{ field: 'standard_template_id', reason: why ?? 'has no version in force' }];
    return {
      fits: false,
      template,
      version: template.current?.version ?? null,
      problems,
      error: new OutsideStandardTemplateError(
        'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE',
        'conflict',
        `A standard change is pre-approved only by a template in force: ${why}`,
        { ...context, problems },
      ),
    };
  }
  const { version, definition } = template.current;
  const problems = misfits(content, template.id, definition, policy);
  if (problems.length === 0) return { fits: true, template, version };
  return {
    fits: false,
    template,
    version,
    problems,
    error: new OutsideStandardTemplateError(
      'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE',
      'invalid',
      `The change does not fit version ${version} of standard-change template ${template.id}: ${problems.map((problem) => problem.field).join(', ')}`,
      { ...context, version, problems },
    ),
  };
}

/** The template's rollback plan, for a standard change that brings none (SOC-ROLLBACK-PLAN's five parts). */
export function prefilledRollbackPlan(
  plan: ChangeContent['rollbackPlan'],
  template: StandardChangeTemplate,
): ChangeContent['rollbackPlan'] {
  return plan ?? template.current?.definition.rollbackPlan ?? null;
}
