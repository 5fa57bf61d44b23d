import {
  CalendarQuery,
  ChangeLogQuery,
  ChangeRequestConflictsQuery,
  DeploymentsQuery,
  EmergencyReportQuery,
  IncidentsQuery,
  ListChangeRequestsQuery,
  ListCiEventsQuery,
  ListStandardChangeTemplatesQuery,
  MetricsQuery,
  MonthlyReportQuery,
  PendingApprovalsQuery,
  ReadPositionQuery,
  readerPool,
  TemplateUsageQuery,
  UnauthorizedChangesQuery,
} from '@change-ledger/read-models';
import { type Provider } from '@nestjs/common';
import { type Pool } from 'pg';

const READ_MODELS_POOL = Symbol('READ_MODELS_POOL');

/**
 * The queries the routes inject, each by its class: one per read route (and the wait for a
 * write to show, read-query.ts), as libs/read-models has a folder per query.
 */
const ROUTE_QUERIES = [
  ReadPositionQuery,
  ListChangeRequestsQuery,
  PendingApprovalsQuery,
  ChangeLogQuery,
  DeploymentsQuery,
  IncidentsQuery,
  UnauthorizedChangesQuery,
  MonthlyReportQuery,
  MetricsQuery,
  EmergencyReportQuery,
  CalendarQuery,
  ChangeRequestConflictsQuery,
  ListCiEventsQuery,
  ListStandardChangeTemplatesQuery,
  TemplateUsageQuery,
];

export interface ReadSide {
  /**
   * ledger_reader's pool: for readiness and the projections' status, and on the primary for
   * what writes decide on (each feature module makes its query over it).
   */
  pool: Pool;
  /** The route queries over `pool`. */
  providers: Provider[];
}

/** Queries over the read models through one pool as ledger_reader (read-only), closed on shutdown. */
export function readSide(connectionString: string): ReadSide {
  const pool = readerPool(connectionString, 5);
  return {
    pool,
    providers: [
      { provide: READ_MODELS_POOL, useValue: pool },
      ...ROUTE_QUERIES.map((Query) => ({ provide: Query, useValue: new Query(pool) })),
    ],
  };
}

/**
 * `read` serves what writes decide on (CI links, deadlines), on the primary; `queries` the read
 * routes, on DATABASE_READ_URL's replica where one is given (else the same read side).
 */
export function readSides(readModels: {
  connectionString: string;
  queryConnectionString?: string;
}): {
  read: ReadSide;
  queries: ReadSide;
} {
  const read = readSide(readModels.connectionString);
  const replicaUrl = readModels.queryConnectionString;
  const queries =
    replicaUrl && replicaUrl !== readModels.connectionString ? readSide(replicaUrl) : read;
  return { read, queries };
}
