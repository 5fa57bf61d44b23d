// libs/change-requests: the change-request use cases (commands and queries) over the event store.
export { ChangeRequestsModule, type ChangeRequestsModuleOptions } from './change-requests.module';
export {
  type ChangeRequestIntent,
  ExecuteChangeRequestCommand,
} from './execute-change-request/execute-change-request.command';
export { type ChangeRequestOutcome } from './execute-change-request/execute-change-request.handler';
export { GetChangeRequestQuery } from './get-change-request/get-change-request.query';
export { GetChangeRequestHistoryQuery } from './get-change-request-history/get-change-request-history.query';
export { PolicyInForce, POLICY_VERSIONS_STREAM } from './policy-in-force';
export {
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
  type RequestContext,
} from './request-context';
export {
  type DeadlineCandidates,
  DeadlineWatcher,
} from './record-missed-deadlines/deadline-watcher';
export { recordedBefore } from './as-of';
export { presentChangeRequest, presentHistory } from './presentation/change-request.presenter';
