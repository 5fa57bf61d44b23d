// libs/change-requests: the change-request use cases (commands and queries) over the event store.
export { ChangeRequestsModule, type ChangeRequestsModuleOptions } from './change-requests.module';
export { type ChangeRequestOutcome } from './change-request-decisions';
export { CreateChangeRequestCommand } from './create-change-request/create-change-request.command';
export { CreateEmergencyChangeCommand } from './create-emergency-change/create-emergency-change.command';
export { AmendChangeRequestCommand } from './amend-change-request/amend-change-request.command';
export { SubmitChangeRequestCommand } from './submit-change-request/submit-change-request.command';
export { ApproveChangeRequestCommand } from './approve-change-request/approve-change-request.command';
export { RejectChangeRequestCommand } from './reject-change-request/reject-change-request.command';
export { CancelChangeRequestCommand } from './cancel-change-request/cancel-change-request.command';
export { ScheduleChangeCommand } from './schedule-change/schedule-change.command';
export { StartImplementationCommand } from './start-implementation/start-implementation.command';
export { RecordVerificationCommand } from './record-verification/record-verification.command';
export { CompleteChangeCommand } from './complete-change/complete-change.command';
export { RollBackChangeCommand } from './roll-back-change/roll-back-change.command';
export { RecordReviewCommand } from './record-review/record-review.command';
export { RequestPolicyExceptionCommand } from './request-policy-exception/request-policy-exception.command';
export { ApprovePolicyExceptionCommand } from './approve-policy-exception/approve-policy-exception.command';
export {
  type CiEventOrigin,
  type CiEventOutcome,
  type CiEventToRecord,
  RecordCiFactCommand,
  RecordCiFactsCommand,
  type RecordCiFactResult,
} from './record-ci-fact/record-ci-fact.command';
export {
  RecordCiFactModule,
  type RecordCiFactModuleOptions,
} from './record-ci-fact/record-ci-fact.module';
export { ciEventStream, ciFactIdentity } from './record-ci-fact/ci-event-stream';
export { migrateChangeRequestLinks } from './record-ci-fact/links/migrate-change-request-links';
export { StandingExceptionHandlers } from './policy-exceptions/standing-exception.handlers';
export { StandingExceptionsRepository } from './policy-exceptions/standing-exceptions.repository';
export { type LoadedChangeRequest } from './change-request.repository';
export { RecordMissedDeadlineCommand } from './record-missed-deadlines/record-missed-deadline.command';
export { GetChangeRequestQuery } from './get-change-request/get-change-request.query';
export { GetChangeRequestHistoryQuery } from './get-change-request-history/get-change-request-history.query';
export { PolicyInForce, POLICY_VERSIONS_STREAM } from './policy-in-force';
export {
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
  envelopeAt,
  metadataOf,
  type RequestContext,
} from './request-context';
export {
  type DeadlineCandidates,
  DeadlineWatcher,
} from './record-missed-deadlines/deadline-watcher';
export { recordedBefore } from './as-of';
export {
  presentChangeRequest,
  presentHistory,
  presentRecordedGate,
  presentStandingException,
} from './presentation/change-request.presenter';
export { ProposeStandardChangeTemplateCommand } from './standard-change-templates/propose-standard-change-template/propose-standard-change-template.command';
export { ApproveStandardChangeTemplateCommand } from './standard-change-templates/approve-standard-change-template/approve-standard-change-template.command';
export { RejectStandardChangeTemplateCommand } from './standard-change-templates/reject-standard-change-template/reject-standard-change-template.command';
export { RetireStandardChangeTemplateCommand } from './standard-change-templates/retire-standard-change-template/retire-standard-change-template.command';
export { GetStandardChangeTemplateQuery } from './standard-change-templates/get-standard-change-template/get-standard-change-template.query';
export { type StandardChangeTemplateRecord } from './standard-change-templates/get-standard-change-template/get-standard-change-template.handler';
export { type TemplateOutcome } from './standard-change-templates/standard-change-template-decisions';
export { StandardChangeCatalogue } from './standard-change-templates/standard-change-catalogue';
export {
  type SuspensionCandidate,
  type SuspensionCandidates,
  StandardChangeSuspensions,
} from './standard-change-templates/suspend-standard-change-template/standard-change-suspensions';
export {
  presentDefinition,
  presentTemplate,
  presentTemplateHistory,
} from './standard-change-templates/presentation/standard-change-template.presenter';
export {
  CALENDAR_FEED_TOKEN_PREFIX,
  type CalendarFeedReader,
  CalendarFeedTokenHandlers,
  DEFAULT_FEED_TOKEN_DAYS,
  feedTokenStreamKey,
  type ListedCalendarFeedToken,
} from './calendar-feed-tokens/calendar-feed-tokens';
