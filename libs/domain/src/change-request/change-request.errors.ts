import { type FieldProblem, LedgerError } from '../errors/ledger-error';

/**
 * What a refusal means to whoever asked, so every edge maps it the same way: `invalid` (the input
 * is wrong or incomplete), `forbidden` (not this person: a role or separation of duties),
 * `conflict` (not now: the change is not in a state that allows it), `not_found`.
 */
export type RefusalKind = 'invalid' | 'forbidden' | 'conflict' | 'not_found';

export class ChangeRequestError extends LedgerError {
  constructor(
    readonly code: `CHANGE_REQUEST.${string}`,
    readonly kind: RefusalKind,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }

  /** A refusal names one field, or the fields an incomplete change still lacks. */
  override get fields(): FieldProblem[] {
    const { missing } = this.context as { missing?: string[] };
    return missing ? missing.map((name) => ({ field: name, reason: 'is required' })) : super.fields;
  }
}

export const refuse = {
  notFound: (id: string) =>
    new ChangeRequestError(
      'CHANGE_REQUEST.NOT_FOUND',
      'not_found',
      `Change request ${id} does not exist`,
      { id },
    ),
  alreadyExists: (id: string) =>
    new ChangeRequestError(
      'CHANGE_REQUEST.ALREADY_EXISTS',
      'conflict',
      `Change request ${id} already exists`,
      { id },
    ),
  transition: (action: string, status: string, allowed: readonly string[]) =>
    new ChangeRequestError(
      'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
      'conflict',
      `Cannot ${action} a change request that is ${status}; allowed when ${allowed.join(' or ')}`,
      { action, status, allowed },
    ),
  invalid: (field: string, reason: string) =>
    new ChangeRequestError('CHANGE_REQUEST.INVALID', 'invalid', `${field}: ${reason}`, {
      field,
      reason,
    }),
  incomplete: (action: string, missing: string[]) =>
    new ChangeRequestError(
      'CHANGE_REQUEST.INCOMPLETE',
      'invalid',
      `Cannot ${action}: missing ${missing.join(', ')}`,
      { action, missing },
    ),
  forbidden: (
    code: `CHANGE_REQUEST.${string}`,
    message: string,
    context: Record<string, unknown> = {},
  ) => new ChangeRequestError(code, 'forbidden', message, context),
  conflict: (
    code: `CHANGE_REQUEST.${string}`,
    message: string,
    context: Record<string, unknown> = {},
  ) => new ChangeRequestError(code, 'conflict', message, context),
};
