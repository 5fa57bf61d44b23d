import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * The one way the ledger reads a time from outside, for every route and every CI format: an RFC
 * 3339 date-time (`2026-11-20T09:00:00Z`, `2026-11-20T10:00:00.5+01:00`), seconds required,
 * a fraction of up to 9 digits, `Z` or a numeric offset, and a calendar date that exists.
 * ISO 8601's other forms (`2025-W01`, `2025-123`, `…T10:00:00,5Z`, no offset) are refused: they
 * passed a looser check and then failed in `new Date()`.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseTimestamp(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, , , offsetHour, offsetMinute] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  if (offsetHour !== undefined && (Number(offsetHour) > 23 || Number(offsetMinute) > 59))
    return undefined;
  const parsed = new Date(text.toUpperCase());
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** A filter bound: a timestamp as above, or a calendar date (`2026-11-01`, midnight UTC). */
export function parseDateOrTimestamp(text: unknown): Date | undefined {
  if (typeof text === 'string') {
    const match = DATE.exec(text);
    if (match) {
      return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
        ? new Date(`${text}T00:00:00Z`)
        : undefined;
    }
  }
  return parseTimestamp(text);
}

/**
 * The end of a period `[from, to)` as a person writes it: a date includes its day (`to=2026-12-31`
 * ends at 2027-01-01T00:00:00Z), an instant is the end itself.
 */
export function parsePeriodEnd(text: unknown): Date | undefined {
  const parsed = parseDateOrTimestamp(text);
  if (parsed === undefined || typeof text !== 'string' || !DATE.test(text)) return parsed;
  return new Date(parsed.getTime() + 86_400_000);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function timeDecorator(name: string, parse: (text: unknown) => Date | undefined, form: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => parse(value) !== undefined,
        defaultMessage: (args: ValidationArguments) => `${args.property} must be ${form}`,
      },
    });
}

/** class-validator: an RFC 3339 date-time, read by `parseTimestamp`. */
export const IsTimestamp = () =>
  timeDecorator(
    'isTimestamp',
    parseTimestamp,
    'an RFC 3339 date-time with an offset, like 2026-11-20T09:00:00Z',
  );

/** class-validator: a date or an RFC 3339 date-time, read by `parseDateOrTimestamp`. */
export const IsDateOrTimestamp = () =>
  timeDecorator(
    'isDateOrTimestamp',
    parseDateOrTimestamp,
    'a date like 2026-11-01 or an RFC 3339 date-time like 2026-11-20T09:00:00Z',
  );
