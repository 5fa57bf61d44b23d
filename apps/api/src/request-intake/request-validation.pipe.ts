import { ValidationPipe } from '@nestjs/common';
import { type ValidationError, type ValidatorOptions } from 'class-validator';
import { RequestValidationError } from '../problem-details/request-validation.error';

/**
 * Nest's ValidationPipe with the API's options (unknown fields refused, values transformed,
 * problems as REQUEST.VALIDATION), which judges an **empty** query or body once per class rather
 * than on every request: whether `new Dto()` with nothing set passes its rules is a property of
 * the class, and most GETs send no query at all (class-validator walked every rule of the query's
 * class on each of them, ~4 % of a GET's CPU, docs/adr/0016-api-throughput.md). Anything with a
 * field set is validated as before, every time.
 */
export class RequestValidationPipe extends ValidationPipe {
  /**
   * Per class whose empty instance was validated once without a problem: the own keys that
   * instance had (ES2022 class fields give an instance its declared fields, `undefined`).
   */
  private readonly emptyPasses = new WeakMap<object, string>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => RequestValidationError.fromValidation(errors),
    });
  }

  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const type = Object.getPrototypeOf(object) as object | null;
    const keys = emptyInstanceKeys(object);
    if (type !== null && keys !== undefined && this.emptyPasses.get(type) === keys) return [];
    const errors = await super.validate(object, validatorOptions);
    if (type !== null && keys !== undefined && errors.length === 0)
      this.emptyPasses.set(type, keys);
    return errors;
  }
}

/**
 * The own keys of an instance of a class that holds nothing (every own property `undefined`, no
 * symbol), which its validation outcome can depend on; undefined for anything else, a plain
 * object or the stand-in the pipe makes for a primitive (it carries its `constructor`) included.
 */
function emptyInstanceKeys(object: object): string | undefined {
  const type = Object.getPrototypeOf(object) as object | null;
  if (type === null || type === Object.prototype) return undefined;
  const keys = Reflect.ownKeys(object);
  const record = object as Record<string | symbol, unknown>;
  if (!keys.every((key) => typeof key === 'string' && record[key] === undefined)) return undefined;
  return keys.join(',');
}
