// libs/ingestion: a CI message (its bytes and headers) → one CiFact as reported, with the message
// as received beside it, or the reason it cannot be taken. Nothing more: linking, deciding and
// recording a fact are libs/change-requests' (record-ci-fact/).
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
export { isHttpMessageHeader, rawCiMessage } from './raw/raw-ci-message';
