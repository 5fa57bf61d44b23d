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
      // A null gets one reason that says so: its type's checks ("must be a string", "must not
      // be empty", "at most 200 characters") all fail at once and none of them names the null.
      const own =
        error.value === null && error.constraints
          ? [{ field, reason: `null is not allowed: send ${expectedOf(error.constraints)}` }]
          : Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
      return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
    };
    return new RequestValidationError(errors.flatMap((error) => flatten(error, '')));
  }
}

/** What a field's failed checks ask for, in words: "a string", "one of: low, medium, high". */
function expectedOf(constraints: Record<string, string>): string {
  const checks = Object.keys(constraints);
  const enumeration = constraints.isIn ?? constraints.isEnum;
  if (enumeration) {
    const values = /one of the following values: (.*)$/.exec(enumeration)?.[1];
    return values ? `one of: ${values}` : 'one of the allowed values';
  }
  if (checks.some((check) => check.startsWith('array') || check === 'isArray')) return 'an array';
  if (checks.includes('isString')) return 'a string';
  if (checks.includes('isInt') || checks.includes('isNumber')) return 'a number';
  if (checks.includes('isBoolean')) return 'true or false';
  if (checks.includes('isObject') || checks.includes('nestedValidation')) return 'an object';
  return 'a value';
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
