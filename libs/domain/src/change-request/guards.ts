import { refuse } from './change-request.errors';

/**
 * Checks of a command's data that the domain makes itself, whatever route or consumer sent it:
 * a value that would make an invalid state (a null title, a negative duration) is refused as
 * `invalid`, naming the field, before any event is recorded. The edges validate too; these
 * guards are the last line, so a route that forgot a check cannot freeze a projection.
 */

/** The largest number of minutes the ledger takes for a duration: one year (525,600). */
export const MAX_MINUTES = 525_600;

export function text(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw refuse.invalid(field, 'must be a non-empty string');
  }
  return value;
}

export function optionalText(field: string, value: unknown): string | null {
  return value === undefined || value === null ? null : text(field, value);
}

export function texts(field: string, value: unknown, { min = 0 } = {}): string[] {
  if (!Array.isArray(value)) throw refuse.invalid(field, 'must be an array of strings');
  value.forEach((item, index) => text(`${field}[${index}]`, item));
  if (value.length < min) throw refuse.invalid(field, `must name at least ${min}`);
  return value as string[];
}

export function flag(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw refuse.invalid(field, 'must be true or false');
  return value;
}

/** A whole number of minutes in [min, MAX_MINUTES]. */
export function minutes(field: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_MINUTES) {
    throw refuse.invalid(field, `must be a whole number of minutes from ${min} to ${MAX_MINUTES}`);
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw refuse.invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalOneOf<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): T | null {
  return value === undefined || value === null ? null : oneOf(field, value, allowed);
}

/** An ISO 8601 instant that `Date` reads, or null. */
export function optionalInstant(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw refuse.invalid(field, 'must be an ISO 8601 date-time');
  }
  return value;
}
