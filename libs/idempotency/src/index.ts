// libs/idempotency: Idempotency-Key for every POST, kept as events in the ledger.
export { IdempotencyError } from './idempotency.errors';
export * from './idempotency.events';
export {
  type Claim,
  IdempotencyStore,
  type IdempotentRequest,
  type IdempotentStart,
  sha256,
} from './idempotency.store';
