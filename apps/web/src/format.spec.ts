import {
  axisTop,
  listCount,
  formatHours,
  formatMetric,
  monthsEndingWith,
  parseCheckpoint,
  periodOfMonths,
  relativeTime,
} from './format';

describe('the dashboard page’s formats', () => {
  it('counts twelve months back across a year end', () => {
    expect(monthsEndingWith('2026-02', 12)).toEqual([
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });

  it('makes a period of whole months, ending the day after the last month', () => {
    expect(periodOfMonths('2025-01', '2025-12')).toEqual({
      from: '2025-01-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
  });

  it('writes metrics as their targets are written, and no data as such', () => {
    expect(formatMetric(0.9523, 'ratio')).toBe('95.2%');
    expect(formatMetric(18, 'hours')).toBe('18h');
    expect(formatMetric(0.75, 'hours')).toBe('45m');
    expect(formatMetric(null, 'ratio')).toBe('no data');
    expect(formatHours(96)).toBe('4d');
  });

  it('says when something is due, or how long ago', () => {
    const now = new Date('2025-01-10T12:00:00Z');
    expect(relativeTime('2025-01-10T15:00:00Z', now)).toBe('in 3h');
    expect(relativeTime('2025-01-08T12:00:00Z', now)).toBe('48h ago');
    expect(relativeTime('2025-01-06T12:00:00Z', now)).toBe('4d ago');
  });

  it('reads a signed checkpoint’s origin, size and root', () => {
    expect(
      parseCheckpoint(
        'example.com/log\n42\nqk5V3Y0R0bX7Y0l1E7c4t3dQ9p2m8n6b5v4c3x2z1a0=\n\n— sig\n',
      ),
    ).toEqual({
      origin: 'example.com/log',
      size: 42,
      root: 'qk5V3Y0R0bX7Y0l1E7c4t3dQ9p2m8n6b5v4c3x2z1a0=',
    });
  });
});

describe('a chart’s vertical axis', () => {
  it('tops a ratio at the data and its target, never at 200 % for data at most 100 %', () => {
    expect(axisTop(1)).toBe(1);
    expect(axisTop(0.95)).toBe(1);
    expect(axisTop(0.2)).toBe(0.2);
    expect(axisTop(0.21)).toBe(0.25);
    expect(axisTop(0.5)).toBe(0.5);
  });

  it('tops any other scale at a round number at most a third above the largest value', () => {
    for (const largest of [0.7, 1.01, 2.4, 3.2, 4.5, 6.1, 7.9, 13, 96, 1234])
      expect(axisTop(largest) / largest).toBeLessThanOrEqual(4 / 3);
    expect(axisTop(24)).toBe(25);
    expect(axisTop(1.5)).toBe(1.5);
  });

  it('has a scale of 1 when there is nothing to show', () => {
    expect(axisTop(0)).toBe(1);
    expect(axisTop(Number.NaN)).toBe(1);
  });
});

describe('a list’s heading', () => {
  it('counts what matched when the answer holds it all, and says "first" when more match', () => {
    expect(listCount(5, false)).toBe('all 5');
    expect(listCount(1, false)).toBe('the only one');
    expect(listCount(20, true)).toBe('the first 20; more match');
  });
});
