import { type FieldProblem, LedgerError } from '@change-ledger/domain';
import { type ValidationError } from 'class-validator';

export { type FieldProblem };

/** A request body or parameter that failed validation: every field, with why. */
export class RequestValidationError extends LedgerError {
  readonly code = 'REQUEST.INVALID';
  readonly kind = 'invalid';

  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; '));
  }

  override get fields(): FieldProblem[] {
    return this.problems;
  }

  static fromValidation(errors: ValidationError[]): RequestValidationError {
    const flatten = (error: ValidationError, parent: string): FieldProblem[] => {
      const field =
        parent === ''
          ? error.property
          : /^\d+$/.test(error.property)
            ? `${parent}[${error.property}]`
            : `${parent}.${error.property}`;
      const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
      return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
    };
    return new RequestValidationError(errors.flatMap((error) => flatten(error, '')));
  }
}

/**
 * A request refused before it reached any handler: a body that is not JSON, too large, in a media
 * type or encoding the API does not read.
 */
export class RequestRefusedError extends LedgerError {
  constructor(
    readonly code:
      | 'REQUEST.MALFORMED_JSON'
      | 'REQUEST.UNREADABLE_BODY'
      | 'REQUEST.TOO_LARGE'
      | 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
      | 'REQUEST.UNSUPPORTED_ENCODING',
    readonly kind: 'invalid' | 'too_large' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}
