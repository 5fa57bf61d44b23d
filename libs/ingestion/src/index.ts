// libs/ingestion: CI event formats → normalised CI facts, and recording them once (DESIGN.md).
export { type ChangeRequestLink, type ChangeRequestLinks } from './change-request-links';
export {
  RegisteredChangeRequestLinks,
  type RegisteredFor,
} from './registered-change-request-links';
export { IngestionModule, type IngestionModuleOptions } from './ingestion.module';
export { InvalidCiEventError } from './ingestion.errors';
export { type CiMessage, STRUCTURED_CONTENT_TYPE } from './formats/cloudevents';
export { CDEVENT_TYPES } from './formats/cdevents';
export { NATIVE_CONTENT_TYPE } from './formats/native';
export { decodeCiMessage } from './formats/decode-ci-message';
export {
  type CiEventOrigin,
  RecordCiEventCommand,
} from './record-ci-event/record-ci-event.command';
export {
  CI_EVENT_STREAM_PREFIX,
  type CiEventReceipt,
  ciEventStream,
  type RecordCiEventResult,
} from './record-ci-event/record-ci-event.handler';
export { classifyIngestionFailure } from './ingestion-failure';
export { gitHubWebhookToFact } from './formats/github';
export { gitLabWebhookToFact } from './formats/gitlab';
export { type WebhookOutcome } from './formats/webhook';
export { verifyGitHubSignature, verifyGitLabToken } from './formats/webhook-signature';
