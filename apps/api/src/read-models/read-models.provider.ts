import {
  ChangeCalendarQueries,
  ChangeRequestQueries,
  CiEventQueries,
  readerPool,
  ReportQueries,
  StandardChangeCatalogueQueries,
} from '@change-ledger/read-models';
import { type Provider } from '@nestjs/common';
import { type Pool } from 'pg';

export const CHANGE_REQUEST_QUERIES = Symbol('CHANGE_REQUEST_QUERIES');
export const REPORT_QUERIES = Symbol('REPORT_QUERIES');
export const CI_EVENT_QUERIES = Symbol('CI_EVENT_QUERIES');
export const CHANGE_CALENDAR_QUERIES = Symbol('CHANGE_CALENDAR_QUERIES');
export const STANDARD_CHANGE_CATALOGUE_QUERIES = Symbol('STANDARD_CHANGE_CATALOGUE_QUERIES');
const READ_MODELS_POOL = Symbol('READ_MODELS_POOL');

export interface ReadSide {
  /** ledger_reader's pool, for readiness and the projections' status. */
  pool: Pool;
  changeRequests: ChangeRequestQueries;
  reports: ReportQueries;
  standardChanges: StandardChangeCatalogueQueries;
  providers: Provider[];
}

/**
 * Queries over the read models through one pool as ledger_reader (read-only), closed on
 * shutdown. Made with the module, so the deadline and suspension watchers can be handed their
 * candidates.
 */
export function readSide(connectionString: string): ReadSide {
  const pool = readerPool(connectionString, 5);
  const changeRequests = new ChangeRequestQueries(pool);
  const reports = new ReportQueries(pool);
  const standardChanges = new StandardChangeCatalogueQueries(pool);
  return {
    pool,
    changeRequests,
    reports,
    standardChanges,
    providers: [
      { provide: STANDARD_CHANGE_CATALOGUE_QUERIES, useValue: standardChanges },
      { provide: READ_MODELS_POOL, useValue: pool },
      { provide: CHANGE_REQUEST_QUERIES, useValue: changeRequests },
      { provide: REPORT_QUERIES, useValue: reports },
      { provide: CI_EVENT_QUERIES, useValue: new CiEventQueries(pool) },
      { provide: CHANGE_CALENDAR_QUERIES, useValue: new ChangeCalendarQueries(pool) },
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
