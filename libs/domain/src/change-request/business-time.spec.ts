import { addBusinessDays, addOneMonth } from './business-time';

describe('business time', () => {
  it('count business days, skipping weekends', () => {
    expect(addBusinessDays('2025-01-31T16:00:00.000Z', 5)).toBe('2025-02-07T16:00:00.000Z'); // Friday → Friday
    expect(addBusinessDays('2025-02-01T09:00:00.000Z', 1)).toBe('2025-02-03T09:00:00.000Z'); // Saturday → Monday
  });

  it('put the next review on the same day next month, or its last day', () => {
    expect(addOneMonth('2025-01-28T03:45:00Z')).toBe('2025-02-28');
    expect(addOneMonth('2025-01-31T03:45:00Z')).toBe('2025-02-28');
  });
});
