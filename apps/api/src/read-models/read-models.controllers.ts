import { READ_MODELS_OPERATION_PREFIX } from './read-query';
import { CalendarHttpController } from './calendar/calendar.http.controller';
import { ChangeLogHttpController } from './change-log/change-log.http.controller';
import { DeploymentsHttpController } from './deployments/deployments.http.controller';
import { EmergencyReportHttpController } from './emergency-report/emergency-report.http.controller';
import { IncidentsHttpController } from './incidents/incidents.http.controller';
import { ListChangeRequestsHttpController } from './list-change-requests/list-change-requests.http.controller';
import { MetricsHttpController } from './metrics/metrics.http.controller';
import { MonthlyReportHttpController } from './monthly-report/monthly-report.http.controller';
import { PendingApprovalsHttpController } from './pending-approvals/pending-approvals.http.controller';
import { ProjectionsHttpController } from './projections/projections.http.controller';
import { UnauthorizedChangesHttpController } from './unauthorized-changes/unauthorized-changes.http.controller';

/**
 * API v1's read routes, one controller per query, all under CHANGE_MANAGEMENT_ROUTE: eventually
 * consistent (`min_position` waits for a write to show, read-query.ts). Every authenticated role
 * may read, auditors included.
 */
export const READ_MODEL_CONTROLLERS = [
  DeploymentsHttpController,
  UnauthorizedChangesHttpController,
  IncidentsHttpController,
  ProjectionsHttpController,
  MonthlyReportHttpController,
  MetricsHttpController,
  EmergencyReportHttpController,
  ListChangeRequestsHttpController,
  PendingApprovalsHttpController,
  ChangeLogHttpController,
  CalendarHttpController,
];

/** Each read controller's name, and the prefix of its routes' OpenAPI operation ids. */
export const READ_MODEL_OPERATION_PREFIXES: ReadonlyMap<string, string> = new Map(
  READ_MODEL_CONTROLLERS.map((controller) => [controller.name, READ_MODELS_OPERATION_PREFIX]),
);
