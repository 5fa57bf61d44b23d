import { durationRange, monthOf } from './metric-contributions';

describe('the range of a duration (where a median looks first)', () => {
  it('never decreases as the duration grows, and each range is at most 1/16 of it wide', () => {
    const durations = [
      ...Array.from({ length: 200 }, (_, i) => i - 100),
      ...Array.from({ length: 2000 }, (_, i) => Math.floor(1.013 ** i)),
      ...Array.from({ length: 2000 }, (_, i) => -Math.floor(1.013 ** i)),
      2 ** 53 - 1,
      -(2 ** 53 - 1),
    ].sort((a, b) => a - b);
    for (let i = 1; i < durations.length; i++)
      expect(durationRange(durations[i]!)).toBeGreaterThanOrEqual(durationRange(durations[i - 1]!));
    // Durations of one range are within a sixteenth of each other.
    const byRange = new Map<number, number[]>();
    for (const ms of durations.filter((ms) => ms >= 16))
      byRange.set(durationRange(ms), [...(byRange.get(durationRange(ms)) ?? []), ms]);
    for (const members of byRange.values())
      expect(Math.max(...members) - Math.min(...members)).toBeLessThanOrEqual(
        Math.min(...members) / 16,
      );
  });

  it('keeps durations under 16 ms apart, and tells a long one from a short one', () => {
    expect([0, 1, 15].map(durationRange)).toEqual([0, 1, 15]);
    expect(durationRange(3_600_000)).toBeLessThan(durationRange(3_600_000 * 1.1));
  });
});

describe('the month a measure is dated by', () => {
  it('is the UTC month of the instant, and nothing for what is not one', () => {
    expect(monthOf('2025-06-30T23:59:59.999Z')).toBe('2025-06-01');
    expect(monthOf('2025-07-01T00:30:00+01:00')).toBe('2025-06-01');
    expect(monthOf(null)).toBeNull();
    expect(monthOf('not a time')).toBeNull();
  });
});
