// libs/retention: legal holds and the retention job (DESIGN.md § Retention, ADR 0008-retention).
// The rules are libs/domain's (retention/); this lib reads and writes their system streams, scans
// the store for the plan, and runs it against the deletion function PostgreSQL guards.
export { LegalHoldsRepository } from './legal-holds/legal-holds.repository';
export { LegalHoldHandlers } from './legal-holds/legal-hold.handlers';
export { planFromStore, scanStore, type ScanProgress } from './plan/scan-store';
export {
  RetentionJob,
  type ReportFreezer,
  type RetentionJobOptions,
  type RetentionRunResult,
  type RunProgress,
} from './run/retention-job';
export { readRunHistory, type RecordedRun, type RunHistory } from './run/run-history';
