import { type Authenticator } from '@change-ledger/auth';
import { type Clock } from '@change-ledger/change-requests';
import { type EventStoreConfig } from '@change-ledger/event-store';
import { type LedgerLogConfig, type NoteSigner } from '@change-ledger/integrity';
import { type NotifierTransports } from '@change-ledger/notifications';
import { type LedgerMetrics } from '@change-ledger/operations';
import { type LoadedPolicy } from '@change-ledger/policy';
import { type Logger } from 'pino';
import { type WebhookSecrets } from './ingest/ingest-route';

export interface ApiModuleOptions {
  eventStore: EventStoreConfig;
  /** PostgreSQL of the read models; the projector runs in this process unless told not to. */
  readModels: {
    connectionString: string;
    /** DATABASE_READ_URL: the read routes' queries on a replica; unset, connectionString. */
    queryConnectionString?: string;
    runProjector: boolean;
  };
  /** How often missed deadlines are looked for; 0: never by itself (tests call the watcher). */
  deadlineIntervalMs?: number;
  policy: LoadedPolicy;
  authenticator: Authenticator;
  clock?: Clock;
  /** Secrets of the GitHub / GitLab deployment webhooks; a provider without one is refused. */
  webhooks?: WebhookSecrets;
  /** When a CI fact's reported time is flagged (LEDGER_CI_MAX_*); the ingestion defaults else. */
  ciReportedTime?: { maxFutureSkewSeconds: number; maxAgeHours: number };
  /**
   * The transparency log's signer and publication: its sequencer and checkpointer run with the
   * in-process projector. Its read-only routes are served either way.
   */
  log?: { signer: NoteSigner; config: Omit<LedgerLogConfig, 'signingKey'> };
  /**
   * Where notifications go: the notifier runs with the in-process projector when the policy
   * enables notifications. The outbox's read-only route is served either way.
   */
  notifier?: { transports: NotifierTransports; pollIntervalMs?: number };
  /** The process's logger (libs/operations); none: request ids still, no lines. */
  logger?: Logger;
  /** The process's metrics; none: a registry of its own, served by nobody. */
  metrics?: LedgerMetrics;
  /** Readiness fails while a projection of this process is further behind (seconds). */
  readyMaxLagSeconds?: number;
  /** LEDGER_IDEMPOTENCY_LEASE_SECONDS, in ms; the library's default (30 s) if unset. */
  idempotencyLeaseMs?: number;
}
