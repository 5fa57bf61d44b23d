// libs/event-store: the EventStore port, its PostgreSQL and EventStoreDB adapters, the envelope,
// the hash chain and its verification. The contract suite lives in ./testing (tests only).
export * from './event-envelope';
export * from './event-store.port';
export { EventStoreDecorator } from './event-store-decorator';
export * from './event-store.errors';
export { jsonData, storedAs, type StoredEvent } from './typed-events';
export { comparePositions, formatPosition, parsePosition } from './global-position';
export { validateAppend } from './append-validation';
export { appendedEvent } from './append-replay';
export { retryOnConflict } from './retry-on-conflict';
export { GENESIS_HASH, hashEvent, sealEvents } from './integrity/hash-chain';
export {
  StreamChainVerifier,
  verifyStream,
  verifyStoredStream,
  type StreamVerification,
} from './integrity/verify-stream';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export { migrateEventStore } from './postgres/migrate-event-store';
export { runMigrations } from './postgres/run-migrations';
export { translatePostgresError } from './postgres/postgres-errors';
export { createClient, createPool, retryDelayMs, withClient } from './postgres/connections';
export {
  EventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store';
export { EventStoreModule, openEventStore, type EventStoreConfig } from './event-store.module';
export {
  EventStoreEnvironment,
  eventStoreEnvironmentProblems,
  loadEnvironment,
} from './event-store-environment';
