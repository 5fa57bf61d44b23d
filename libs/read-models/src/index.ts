// libs/read-models: projections (the runner, the change-requests projection), their migrations,
// and the queries approvers, dashboards and auditors run.
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
export { durationRange } from './reports/metric-contributions';
export { InvalidCursorError } from './query-cursor';
export {
  ChangeRequestQueries,
  changeLogCsv,
  changeLogEntry,
  type ChangeLogEntry,
  type ChangeRequestFilters,
  type ChangeRequestSummary,
  type PendingApproval,
} from './change-requests/change-requests.queries';
export { PROJECTIONS } from './projections';
export { PROJECTION_RUNNER, ProjectorModule } from './projector.module';
export { ReportQueries, type MetricFilters } from './reports/report.queries';
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
export { ciEventsProjection } from './ci-events/ci-events.projection';
export {
  type CiEventFilters,
  type CiEventListed,
  CiEventQueries,
  type CiEventRow,
  type UnauthorizedChange,
} from './ci-events/ci-events.queries';
export { readerPool } from './reader-pool';
export {
  ChangeCalendarQueries,
  type ScheduleConflict,
  type ScheduledChange,
} from './change-calendar/change-calendar.queries';
export {
  calendarIcs,
  calendarView,
  type CalendarView,
  MAX_CALENDAR_DAYS,
} from './change-calendar/calendar-view';
export { standardChangeCatalogueProjection } from './standard-changes/standard-change-catalogue.projection';
export {
  type CatalogueEntry,
  StandardChangeCatalogueQueries,
  type SuspensionCandidateRow,
  type TemplateUsage,
} from './standard-changes/standard-change-catalogue.queries';
