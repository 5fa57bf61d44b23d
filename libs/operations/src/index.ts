// libs/operations: what every process needs to be operated — one composition root (config, event
// store, logger, metrics, shutdown), structured logs with request ids, Prometheus metrics,
// liveness and readiness, and the ledger's migrations as one step.
export { runProcess, usePinoLogger, type ProcessContext } from './bootstrap';
export { eventStoreConfigFor } from './event-store-config';
export { migrateLedger } from './migrate-ledger';
export { type DurabilityFacts, durabilityWarnings, readDurabilityFacts } from './health/durability';
export { loadOperationsEnvironment, OperationsEnvironment } from './operations-environment';
export { createRootLogger, errorFields, REDACTED_PATHS } from './logging/root-logger';
export { LoggingModule, routeOf } from './logging/logging.module';
export { assignRequestId, requestIdOf, REQUEST_ID_HEADER } from './logging/request-id';
export { LedgerMetrics, type IngestOutcome } from './metrics/ledger-metrics';
export { serveMetrics } from './metrics/metrics-server';
export { httpMetrics } from './metrics/http-metrics';
export { InstrumentedEventStore } from './metrics/instrumented-event-store';
export { projectionMetrics, transparencyLogMetrics } from './metrics/database-gauges';
export { healthRoutes } from './health/health-routes';
export { IS_PUBLIC, Public } from './health/public-route';
export {
  eventStoreCheck,
  type LoopHealth,
  loopsCheck,
  postgresCheck,
  projectionLagCheck,
  READINESS_CHECKS,
  type ReadinessCheck,
} from './health/readiness';
