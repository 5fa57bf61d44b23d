// libs/domain: the pure core of Change Ledger (no framework, database, broker or store client).
export { ERROR_KINDS, type ErrorKind, type FieldProblem, LedgerError } from './errors/ledger-error';
export * from './policy/policy';
export * from './change-request/change-request.model';
export * from './change-request/change-request.messages';
export * from './change-request/change-request.errors';
export {
  decide,
  evolve,
  overdueDeadlines,
  rehydrate,
} from './change-request/change-request.decider';
export {
  formatChangeRequestId,
  changeRequestStream,
  CHANGE_REQUEST_ID,
} from './change-request/change-request-id';
export * from './ci/ci-fact';
export * from './ci/ci-event-receipt';
export * from './deploy-gate/deploy-gate';
