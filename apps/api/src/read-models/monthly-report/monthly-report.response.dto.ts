/** API-REPORT: the report of one month, over the change requests created in it. */
export class MonthlyReportAnswer {
  /** The month, e.g. `2025-01`. */
  report_period!: string;
  total_changes!: number;
  /** API-REPORT's statuses first, always present; any other after them. */
  by_status!: Record<string, number>;
  by_priority!: Record<string, number>;
  /** The policy's change types first, always present. */
  by_type!: Record<string, number>;
  /** Mean of submitted → approved, e.g. `18h` or `45m`; null with none approved. */
  average_approval_time!: string | null;
  /** Mean of implementation start → completion; null with none completed. */
  average_implementation_time!: string | null;
  /** Present when no period was given: says that the current month was taken. */
  default?: string;
}
