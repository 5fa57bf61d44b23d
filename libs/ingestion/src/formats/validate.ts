import 'reflect-metadata';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { inspectJson } from '@change-ledger/untrusted-input';
import { InvalidCiEventError } from '@change-ledger/domain';

const MAX_PROBLEMS = 20;

/**
 * Validates a parsed JSON body against a class-validator DTO; every problem is named by its
 * path (`subject.content.environment.id: must be a string`), prefixed with `at`.
 */
export function validated<T extends object>(dto: ClassConstructor<T>, value: unknown, at = ''): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCiEventError('INGESTION.INVALID_EVENT', [
      `${at || 'body'}: must be a JSON object`,
    ]);
  }
  const instance = plainToInstance(dto, value);
  const problems = validateSync(instance, { forbidUnknownValues: false }).flatMap((error) =>
    describe(error, at),
  );
  // Enough to fix the message; a document with thousands of wrong fields needs no longer answer.
  if (problems.length > 0)
    throw new InvalidCiEventError('INGESTION.INVALID_EVENT', problems.slice(0, MAX_PROBLEMS));
  return instance;
}

function describe(error: ValidationError, parent: string): string[] {
  const path =
    parent === '' || parent.endsWith('_')
      ? `${parent}${error.property}`
      : `${parent}.${error.property}`;
  // class-validator starts its messages with the property name; the path says it already.
  const own = Object.values(error.constraints ?? {}).map(
    (message) =>
      `${path}: ${message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

/**
 * JSON of a message body, or a named error. The parsed document is checked in one linear pass
 * before any validation reads it (depth, size, lone surrogates, NUL): a 300,000-element array
 * is refused at once instead of blocking the event loop in class-validator.
 */
export function parseJson(body: Buffer | string, what: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (error) {
    throw new InvalidCiEventError('INGESTION.UNREADABLE', [
      `${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    ]);
  }
  const problems = inspectJson(document, '');
  if (problems.length > 0) {
    throw new InvalidCiEventError(
      'INGESTION.INVALID_EVENT',
      problems.map(({ field, reason }) => `${field.replace(/^\./, '') || what}: ${reason}`),
    );
  }
  return document;
}
