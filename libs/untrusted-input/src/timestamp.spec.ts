import { parseDateOrTimestamp, parsePeriodEnd, parseTimestamp } from './timestamp';

describe('parseTimestamp', () => {
  describe('when given an RFC 3339 date-time', () => {
    it.each([
      ['2026-11-20T09:00:00Z', '2026-11-20T09:00:00.000Z'],
      ['2026-11-20T10:00:00+01:00', '2026-11-20T09:00:00.000Z'],
      ['2026-11-20t09:00:00.5z', '2026-11-20T09:00:00.500Z'],
      ['2024-02-29T23:59:59.123456789-05:30', '2024-03-01T05:29:59.123Z'],
    ])('reads %s', (text, iso) => {
      expect(parseTimestamp(text)?.toISOString()).toBe(iso);
    });
  });

  describe('when given what ISO 8601 allows and RFC 3339 does not, or no time at all', () => {
    it.each([
      '2025-W01',
      '2025-123',
      '2026-11-20T10:00:00,5Z',
      '2026-11-20T09:00:00',
      '2026-11-20T09:00Z',
      '2026-11-20',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-20T24:00:00Z',
      '2026-11-20T09:00:00+25:00',
      ' 2026-11-20T09:00:00Z',
      '',
      42,
      null,
    ])('refuses %p', (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    });
  });
});

describe('parseDateOrTimestamp', () => {
  it('reads a calendar date as midnight UTC, and a date-time as parseTimestamp does', () => {
    expect(parseDateOrTimestamp('2026-11-01')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseDateOrTimestamp('2026-11-01T12:00:00Z')?.toISOString()).toBe(
      '2026-11-01T12:00:00.000Z',
    );
    expect(parseDateOrTimestamp('2026-02-29')).toBeUndefined();
    expect(parseDateOrTimestamp('2026-W44')).toBeUndefined();
  });
});

describe('parsePeriodEnd', () => {
  it('ends a date at the start of the next day, and an instant where it says', () => {
    expect(parsePeriodEnd('2026-12-31')?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(parsePeriodEnd('2024-02-28')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parsePeriodEnd('2026-12-31T12:00:00Z')?.toISOString()).toBe('2026-12-31T12:00:00.000Z');
    expect(parsePeriodEnd('2026-02-30')).toBeUndefined();
    expect(parsePeriodEnd(null)).toBeUndefined();
  });
});
