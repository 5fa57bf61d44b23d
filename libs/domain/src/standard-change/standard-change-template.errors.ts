import { ChangeRequestError, type RefusalKind } from '../change-request/change-request.errors';
import { LedgerError } from '../errors/ledger-error';

/** A refusal of a template command: coded `STANDARD_CHANGE_TEMPLATE.*`, with the same kinds as a change request's. */
export class StandardChangeTemplateError extends LedgerError {
  constructor(
    readonly code: `STANDARD_CHANGE_TEMPLATE.${string}`,
    readonly kind: RefusalKind,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

export const refuseTemplate = {
  notFound: (id: string) =>
    new StandardChangeTemplateError(
      'STANDARD_CHANGE_TEMPLATE.NOT_FOUND',
      'not_found',
      `Standard-change template ${id} does not exist`,
      { id },
    ),
  alreadyExists: (id: string) =>
    new StandardChangeTemplateError(
      'STANDARD_CHANGE_TEMPLATE.ALREADY_EXISTS',
      'conflict',
      `Standard-change template ${id} already exists; propose a new version of it instead`,
      { id },
    ),
  invalid: (field: string, reason: string) =>
    new StandardChangeTemplateError(
      'STANDARD_CHANGE_TEMPLATE.INVALID',
      'invalid',
      `${field}: ${reason}`,
      {
        field,
        reason,
      },
    ),
  conflict: (code: `STANDARD_CHANGE_TEMPLATE.${string}`, message: string, context = {}) =>
    new StandardChangeTemplateError(code, 'conflict', message, context),
  forbidden: (code: `STANDARD_CHANGE_TEMPLATE.${string}`, message: string, context = {}) =>
    new StandardChangeTemplateError(code, 'forbidden', message, context),
};

/**
 * Runs a check written with the change request's guards (`guards.ts`), refusing what it refuses
 * under the template's own code: one set of field rules, each refusal named for its record.
 */
export function asTemplateInput<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ChangeRequestError && error.kind === 'invalid') {
      const { field, reason } = error.context as { field?: string; reason?: string };
      throw refuseTemplate.invalid(field ?? 'body', reason ?? error.message);
    }
    throw error;
  }
}
