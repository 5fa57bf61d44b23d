/** `CHG-2025-001`: the year and a per-year sequence, three digits, wider past 999 (API-CHANGE-ID). */
export function formatChangeRequestId(year: number, sequence: number): string {
  return `CHG-${year}-${String(sequence).padStart(3, '0')}`;
}

export const CHANGE_REQUEST_ID = /^CHG-\d{4}-\d{3,}$/;
