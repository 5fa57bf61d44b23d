// libs/read-models: projections (the runner, the change-requests projection), their migrations,
// and the queries approvers, dashboards and auditors run: a folder per query, named as the API
// route or the consumer it serves, each a class over ledger_reader's pool.
export { migrateReadModels } from './migrate-read-models';
export { type Projection } from './projection/projection';
export { copyRows, insertRows, type OnConflict, type Row } from './projection/insert-rows';
export {
  ProjectionRunner,
  type ParkedEvent,
  type ProjectionLag,
  type ProjectionRunnerOptions,
} from './projection/projection-runner';
export { type ListedProjection, ProjectionStatus } from './projection/projection-status';
export { changeRequestsProjection } from './change-requests/change-requests.projection';
export { changeMetricsProjection } from './reports/change-metrics.projection';
export { ciEventsProjection } from './ci-events/ci-events.projection';
export { standardChangeCatalogueProjection } from './standard-changes/standard-change-catalogue.projection';
export { PROJECTIONS } from './projections';
export { PROJECTION_RUNNER, ProjectorModule } from './projector.module';
export { readerPool } from './reader-pool';
export { durationRange } from './reports/metric-contributions';
export {
  closedIn,
  deployedIn,
  doraMetrics,
  factsOf,
  keyMetrics,
  monthPeriod,
  quarterPeriod,
  type ChangeFacts,
  type KeyMetric,
  type Period,
} from './reports/report-definitions';

// The queries, by what they serve.
export { InvalidCursorError } from './query-cursor';
export { ReadPositionQuery } from './read-position/read-position.query';
export {
  type ChangeRequestFilters,
  type ChangeRequestSummary,
  ListChangeRequestsQuery,
} from './list-change-requests/list-change-requests.query';
export {
  type PendingApproval,
  PendingApprovalsQuery,
} from './pending-approvals/pending-approvals.query';
export { ChangeLogQuery } from './change-log/change-log.query';
export { changeLogCsv, changeLogEntry, type ChangeLogEntry } from './change-log/change-log-entry';
export { type Deployment, DeploymentsQuery } from './deployments/deployments.query';
export { type Incident, IncidentsQuery } from './incidents/incidents.query';
export { UnauthorizedChangesQuery } from './unauthorized-changes/unauthorized-changes.query';
export { type UnauthorizedChange } from './unauthorized-changes/unauthorized-change-rows';
export { MonthlyReportQuery } from './monthly-report/monthly-report.query';
export { type MetricFilters, MetricsQuery } from './metrics/metrics.query';
export { EmergencyReportQuery } from './emergency-report/emergency-report.query';
export { CalendarQuery } from './calendar/calendar.query';
export { calendarIcs, type CalendarView, MAX_CALENDAR_DAYS } from './calendar/calendar-view';
export { type ScheduleConflict, type ScheduledChange } from './calendar/scheduled-windows';
export { ChangeRequestConflictsQuery } from './change-request-conflicts/change-request-conflicts.query';
export {
  type CiEventFilters,
  type CiEventListed,
  ListCiEventsQuery,
} from './list-ci-events/list-ci-events.query';
export {
  type CatalogueEntry,
  ListStandardChangeTemplatesQuery,
} from './list-standard-change-templates/list-standard-change-templates.query';
export { TemplateUsageQuery } from './get-standard-change-template/template-usage.query';
export { type TemplateUsage } from './standard-changes/template-usage';
export { PopulationCandidatesQuery } from './population-candidates/population-candidates.query';
export { DeadlineCandidatesQuery } from './deadline-candidates/deadline-candidates.query';
export {
  type SuspensionCandidateRow,
  SuspensionCandidatesQuery,
} from './suspension-candidates/suspension-candidates.query';
export {
  type RegisteredChangeRequest,
  RegisteredLinksQuery,
  type ReportedLinks,
} from './registered-links/registered-links.query';
export { ReportMonthsQuery } from './retention/report-months.query';
