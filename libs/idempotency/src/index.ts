// libs/idempotency: Idempotency-Key for every POST, kept as events in the ledger; a claim whose
// request died is resolved from the store (ADR 0017).
export { IdempotencyError } from './idempotency.errors';
export * from './idempotency.events';
export { decodeAnswer, encodeAnswer, storableText } from './answer-encoding';
export { ClaimedRequests, ClaimMarkingEventStore } from './claim-marking-event-store';
export {
  type Claim,
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  IdempotencyStore,
  type IdempotencyOptions,
  type IdempotentRequest,
  type IdempotentStart,
  sha256,
  writeRecordedAppend,
} from './idempotency.store';
