import { type ValidationError } from 'class-validator';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** A request body or parameter that failed validation: every field, with why. */
export class RequestValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.reason}`).join('; '));
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
