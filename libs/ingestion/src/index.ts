// libs/ingestion: CI event formats → normalised CI facts, and recording them once (DESIGN.md).
export { IngestionModule, type IngestionModuleOptions } from './ingestion.module';
export { CiReporterRefusedError, InvalidCiEventError } from './ingestion.errors';
export {
  classifyIngestionFailure,
  INGESTION_ACTION_OF_KIND,
  type IngestionAction,
} from './ingestion-failure';
export { type CiMessage } from './formats/cloudevents';
export { CDEVENT_TYPES } from './formats/cdevents';
export { decodeCiMessage } from './formats/decode-ci-message';
export { gitHubWebhookToFact } from './formats/github';
export { gitLabWebhookToFact } from './formats/gitlab';
export { type WebhookOutcome } from './formats/webhook';
export { verifyGitHubSignature, verifyGitLabToken } from './formats/webhook-signature';
export { RecordCiEventCommand } from './record-ci-event/record-ci-event.command';
export { type RecordCiEventResult } from './record-ci-events/ci-event-outcome';
export { ciEventStream, ciFactIdentity } from './record-ci-events/ci-event-stream';
export {
  type CiEventOutcome,
  type CiEventToRecord,
  RecordCiEventsCommand,
} from './record-ci-events/record-ci-events.command';
export { migrateIngestion } from './migrate-ingestion';
export { isHttpMessageHeader, rawCiMessage } from './raw/raw-ci-message';
