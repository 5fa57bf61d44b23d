// libs/domain: the pure core of Change Ledger (no framework, database, broker or store client).
export { ERROR_KINDS, type ErrorKind, type FieldProblem, LedgerError } from './errors/ledger-error';
export * from './stream-names';
export * from './policy/policy';
export * from './policy/policy-version-activated';
export * from './change-request/change-request.model';
export * from './change-request/change-request.commands';
export * from './change-request/change-request.events';
export * from './change-request/change-request.errors';
export { decide, evolve, rehydrate } from './change-request/change-request.decider';
export { deadlineStatus, isDocumented, overdueDeadlines } from './change-request/deadlines';
export { canStartImplementation } from './change-request/start-implementation/start-implementation';
export {
  DEFAULT_ROLLBACK_INCIDENT_SEVERITY,
  defaultRollbackIncidentId,
} from './change-request/roll-back-change/roll-back-change';
export { OWN_CHANGE_CODE } from './change-request/separation-of-duties';
export {
  mandateFor,
  type PersonStep,
  personStepOf,
} from './change-request/services-are-not-people';
export { MAX_MINUTES } from './change-request/guards';
export { formatChangeRequestId, CHANGE_REQUEST_ID } from './change-request/change-request-id';
export * from './ci/ci-fact';
export * from './ci/ci-fact-reading';
export * from './ci/pull-request-key';
export * from './ci/ci-event-receipt';
export * from './ci/ci-fact.errors';
export * from './ci/ci-source';
export * from './ci/ci-reach';
export * from './ci/unlinked-deployment';
export * from './deploy-gate/deploy-gate';
export * from './deploy-gate/waivable-gates';
export * from './standing-exception/standing-exception';
export * from './standing-exception/standing-exception.events';
export * from './standing-exception/standing-exception.errors';
export * from './standing-exception/request-standing-exception/request-standing-exception';
export * from './standing-exception/approve-standing-exception/approve-standing-exception';
export * from './audit/audit-sample';
export * from './retention/retention.events';
export * from './retention/retention.errors';
export * from './retention/legal-hold';
export * from './calendar-feed/calendar-feed-token';
export * from './notifications/notification-operations.events';
export * from './retention/retained-record';
export * from './retention/plan/retention-plan';
export * from './retention/place-legal-hold/place-legal-hold';
export * from './retention/release-legal-hold/release-legal-hold';
export * from './calendar/change-calendar';
export { checkSchedule, type ScheduleCheck } from './change-request/schedule-change/schedule-rules';
export * from './standard-change/standard-change-template.model';
export * from './standard-change/standard-change-template.commands';
export * from './standard-change/standard-change-template.events';
export * from './standard-change/standard-change-template.errors';
export {
  decideTemplate,
  evolveTemplate,
  rehydrateTemplate,
} from './standard-change/standard-change-template.decider';
export { awaitingApproval } from './standard-change/approve/approve-standard-change-template';
export { misfits, notInForce, systemMatches } from './standard-change/standard-change-fit';
export { OutsideStandardTemplateError } from './change-request/standard-template';
