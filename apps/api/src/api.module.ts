import { randomUUID } from 'node:crypto';
import { AuditSamples, PopulationQuery } from '@change-ledger/audit';
import { Authenticator } from '@change-ledger/auth';
import {
  CalendarFeedTokenHandlers,
  ChangeRequestsModule,
  type Clock,
  CLOCK,
  ID_GENERATOR,
  type IdGenerator,
  PolicyInForce,
} from '@change-ledger/change-requests';
import {
  EVENT_STORE,
  type EventStore,
  EventStoreModule,
  type EventStoreConfig,
} from '@change-ledger/event-store';
import {
  ClaimedRequests,
  ClaimMarkingEventStore,
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  IdempotencyStore,
} from '@change-ledger/idempotency';
import { IngestionModule } from '@change-ledger/ingestion';
import {
  CHECKPOINTER,
  type Checkpointer,
  type LedgerLogConfig,
  LedgerLogModule,
  LedgerLogQueries,
  LogStore,
  type NoteSigner,
  ReceiptingEventStore,
  SEQUENCER,
  type Sequencer,
  verifierKey,
  WriteReceipts,
} from '@change-ledger/integrity';
import {
  NOTIFICATION_PLANNER,
  NOTIFICATION_PLANNER_LISTING,
  NOTIFICATION_PLANNER_RUNNER,
  NotificationOperations,
  NotifierModule,
  type NotifierTransports,
  OUTBOX_DISPATCHER,
  type OutboxDispatcher,
  OutboxQueries,
} from '@change-ledger/notifications';
import { type LoadedPolicy } from '@change-ledger/policy';
import { LegalHoldHandlers, LegalHoldsRepository } from '@change-ledger/retention';
import {
  AUDIT_SAMPLES,
  AuditController,
  BUNDLE_SOURCES,
  POPULATION_QUERY,
} from './audit/audit.controller';
import {
  eventStoreCheck,
  healthRoutes,
  httpMetrics,
  InstrumentedEventStore,
  LedgerMetrics,
  createRootLogger,
  LoggingModule,
  type LoopHealth,
  loopsCheck,
  postgresCheck,
  projectionLagCheck,
  projectionMetrics,
  type ReadinessCheck,
  transparencyLogMetrics,
} from '@change-ledger/operations';
import {
  CiEventQueries,
  PROJECTION_RUNNER,
  type ProjectionRunner,
  PROJECTIONS,
  ProjectionStatus,
  ProjectorModule,
  readerPool,
} from '@change-ledger/read-models';
import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { type Logger } from 'pino';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthGuard, AUTHENTICATOR } from './auth/auth.guard';
import { CHANGE_REQUEST_CONTROLLERS } from './change-requests/change-request.controllers';
import { DeployGatesController } from './deploy-gates/deploy-gates.controller';
import { PolicyExceptionsController } from './policy-exceptions/policy-exceptions.controller';
import { HealthController } from './health/health.controller';
import {
  LEDGER_LOG_QUERIES,
  LEDGER_VERIFIER_KEY,
  LedgerController,
} from './ledger/ledger.controller';
import { IngestController, WEBHOOK_SECRETS, type WebhookSecrets } from './ingest/ingest.controller';
import { LegalHoldsController } from './legal-holds/legal-holds.controller';
import { NotificationsController, OUTBOX_QUERIES } from './notifications/notifications.controller';
import { PROJECTION_STATUS } from './read-models/projections/projections.http.controller';
import { READ_MODEL_CONTROLLERS } from './read-models/read-models.controllers';
import { ReadConsistency } from './read-models/read-query';
import { CI_EVENT_QUERIES, readSide } from './read-models/read-models.provider';
import { MeController } from './me/me.controller';
import { CalendarFeedHttpController } from './calendar-feed/calendar-feed.http.controller';
import { CalendarFeedTokensHttpController } from './calendar-feed/calendar-feed-tokens.http.controller';
import { DEADLINE_INTERVAL_MS, DeadlineSchedule } from './deadlines/deadline-schedule';
import { CLAIMED_REQUESTS, IDEMPOTENCY_STORE } from './idempotency/idempotency.interceptor';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { STANDARD_CHANGE_TEMPLATE_CONTROLLERS } from './standard-change-templates/standard-change-template.controllers';
import { WRITE_RECEIPTS } from './receipts/receipt.interceptor';
import { CiFactReceiptController } from './receipts/ci-fact-receipt.controller';
import { GetCiEventHttpController } from './ci-events/get-ci-event/get-ci-event.http.controller';
import { ListCiEventsHttpController } from './ci-events/list-ci-events/list-ci-events.http.controller';
import { RequestValidationPipe } from './request-intake/request-validation.pipe';

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

/** The HTTP app: wires the libs to HTTP, and holds no business rule. */
@Module({})
export class ApiModule implements NestModule {
  constructor(@Inject(LedgerMetrics) private readonly metrics: LedgerMetrics) {}

  static forRoot(options: ApiModuleOptions): DynamicModule {
    // `read` serves what writes decide on (CI links, deadlines), on the primary; `queries` the
    // read routes, on DATABASE_READ_URL's replica where one is given.
    const read = readSide(options.readModels.connectionString);
    const replicaUrl = options.readModels.queryConnectionString;
    const queries =
      replicaUrl && replicaUrl !== options.readModels.connectionString
        ? readSide(replicaUrl)
        : read;
    const logPool = readerPool(options.readModels.connectionString, 2);
    const metrics = options.metrics ?? new LedgerMetrics({ service: 'api', processMetrics: false });
    const claims = new ClaimedRequests();
    const receipts = writeReceipts(options.log);
    transparencyLogMetrics(metrics, logPool);
    // The loops hosted here with the in-process projector (none without it): each retries on
    // its own while PostgreSQL is away, and the API is not ready until they resumed.
    const optional = (token: symbol) => ({ token, optional: true });
    const loop = (name: string, ...hosted: Array<{ health(): LoopHealth } | undefined>) => {
      const present = hosted.filter((one) => one !== undefined);
      return present.length > 0
        ? [
            loopsCheck(
              name,
              present.map((one) => () => one.health()),
            ),
          ]
        : [];
    };
    const health = healthRoutes({
      inject: [
        EVENT_STORE,
        PROJECTION_STATUS,
        optional(PROJECTION_RUNNER),
        optional(SEQUENCER),
        optional(CHECKPOINTER),
        optional(NOTIFICATION_PLANNER_RUNNER),
        optional(OUTBOX_DISPATCHER),
      ],
      useFactory: (
        store: EventStore,
        status: ProjectionStatus,
        runner?: ProjectionRunner,
        sequencer?: Sequencer,
        checkpointer?: Checkpointer,
        planner?: ProjectionRunner,
        dispatcher?: OutboxDispatcher,
      ): ReadinessCheck[] => [
        eventStoreCheck(store),
        postgresCheck('readModels', read.pool),
        ...(queries !== read ? [postgresCheck('readModelsReplica', queries.pool)] : []),
        ...(options.readModels.runProjector
          ? [
              projectionLagCheck(
                // Of the listed, what this process runs: the planner only where it is hosted.
                async () =>
                  (await status.lag()).filter(
                    (row) => row.projection !== NOTIFICATION_PLANNER || planner !== undefined,
                  ),
                options.readyMaxLagSeconds ?? 300,
              ),
            ]
          : []),
        ...loop('projector', runner),
        ...loop('sequencer', sequencer),
        ...loop('checkpointer', checkpointer),
        ...loop('notifier', planner, dispatcher),
      ],
    });
    return {
      module: ApiModule,
      imports: [
        LoggingModule.forRoot(options.logger ?? silentLogger()),
        ...health.imports,
        EventStoreModule.forRoot(options.eventStore, {
          clock: clockFunction(options.clock),
          // Every append of a request holding an Idempotency-Key records it under the key (ADR 0017).
          // Outermost, the receipts see each append as its caller made it (ADR 0019).
          decorate: (store) =>
            new ReceiptingEventStore(
              new ClaimMarkingEventStore(
                new InstrumentedEventStore(store, metrics),
                claims,
                clockFunction(options.clock) ?? (() => new Date()),
              ),
              receipts,
            ),
        }),
        ChangeRequestsModule.forRoot({
          policy: options.policy,
          clock: options.clock,
          deadlineCandidates: read.changeRequests,
          suspensionCandidates: read.standardChanges,
        }),
        IngestionModule.forRoot({
          eventStore: options.eventStore,
          registeredFor: (reported) => read.changeRequests.registeredFor(reported),
          clock: options.clock,
          reportedTime: options.ciReportedTime,
          peopleMayReport: options.policy.policy.ciIngestion.peopleMayReport,
          sourceSystems: options.policy.policy.ciIngestion.sourceSystems,
        }),
        ...(options.readModels.runProjector
          ? [
              ProjectorModule.forRoot({
                readModelsUrl: options.readModels.connectionString,
                pollIntervalMs: 100,
              }),
            ]
          : []),
        ...(options.readModels.runProjector && options.log
          ? [
              LedgerLogModule.forRoot({
                readModelsUrl: options.readModels.connectionString,
                signer: options.log.signer,
                config: options.log.config,
              }),
            ]
          : []),
        ...(options.readModels.runProjector &&
        options.notifier &&
        options.policy.notifications.enabled
          ? [
              NotifierModule.forRoot({
                readModelsUrl: options.readModels.connectionString,
                policy: options.policy.notifications,
                transports: options.notifier.transports,
                pollIntervalMs: options.notifier.pollIntervalMs ?? 200,
              }),
            ]
          : []),
      ],
      controllers: [
        HealthController,
        ...health.controllers,
        ...CHANGE_REQUEST_CONTROLLERS,
        ...STANDARD_CHANGE_TEMPLATE_CONTROLLERS,
        DeployGatesController,
        PolicyExceptionsController,
        IngestController,
        CiFactReceiptController,
        ListCiEventsHttpController,
        GetCiEventHttpController,
        ...READ_MODEL_CONTROLLERS,
        LedgerController,
        AuditController,
        LegalHoldsController,
        NotificationsController,
        MeController,
        CalendarFeedTokensHttpController,
        CalendarFeedHttpController,
      ],
      providers: [
        ...queries.providers,
        ReadConsistency,
        ...health.providers,
        { provide: LedgerMetrics, useValue: metrics },
        {
          provide: PROJECTION_STATUS,
          inject: [EVENT_STORE],
          // From the checkpoints (read-only): answers whether or not the projector runs here.
          useFactory: (store: EventStore) => {
            const status = new ProjectionStatus({
              store,
              pool: read.pool,
              // The notifier's planner where the policy enables it, wherever it runs.
              projections: [
                ...PROJECTIONS,
                ...(options.policy.notifications.enabled ? [NOTIFICATION_PLANNER_LISTING] : []),
              ],
            });
            projectionMetrics(metrics, status);
            return status;
          },
        },
        { provide: LEDGER_LOG_QUERIES, useValue: new LedgerLogQueries(logPool) },
        {
          provide: POPULATION_QUERY,
          inject: [EVENT_STORE, CI_EVENT_QUERIES],
          useFactory: (store: EventStore, ciEvents: CiEventQueries) =>
            new PopulationQuery(store, read.changeRequests, ciEvents),
        },
        {
          provide: BUNDLE_SOURCES,
          inject: [EVENT_STORE, POPULATION_QUERY],
          useFactory: (store: EventStore, populations: PopulationQuery) =>
            options.log
              ? { store, log: new LogStore(logPool), populations, signer: options.log.signer }
              : null,
        },
        {
          provide: AUDIT_SAMPLES,
          inject: [EVENT_STORE, POPULATION_QUERY],
          // A sample's population is taken as of now on the clock of `recordedAt` (the store's,
          // the system's), not the business clock commands are decided with.
          useFactory: (store: EventStore, populations: PopulationQuery) =>
            new AuditSamples(store, populations, { now: () => new Date() }, randomUUID),
        },
        { provide: OUTBOX_QUERIES, useValue: new OutboxQueries(logPool) },
        {
          provide: NotificationOperations,
          inject: [EVENT_STORE, OUTBOX_QUERIES, CLOCK, ID_GENERATOR],
          useFactory: (
            store: EventStore,
            outbox: OutboxQueries,
            clock: Clock,
            newId: IdGenerator,
          ) =>
            new NotificationOperations(
              store,
              outbox,
              () => options.policy.notifications,
              clock,
              newId,
            ),
        },
        { provide: 'LEDGER_LOG_POOL', useValue: logPool },
        {
          provide: LEDGER_VERIFIER_KEY,
          useValue: options.log ? verifierKey(options.log.signer) : null,
        },
        {
          provide: LegalHoldHandlers,
          inject: [EVENT_STORE, PolicyInForce, CLOCK, ID_GENERATOR],
          useFactory: (
            store: EventStore,
            policy: PolicyInForce,
            clock: Clock,
            newId: IdGenerator,
          ) =>
            new LegalHoldHandlers(
              new LegalHoldsRepository(store, newId),
              () => policy.policy,
              clock,
              newId,
            ),
        },
        {
          provide: CalendarFeedTokenHandlers,
          inject: [EVENT_STORE, CLOCK, ID_GENERATOR],
          useFactory: (store: EventStore, clock: Clock, newId: IdGenerator) =>
            new CalendarFeedTokenHandlers(store, clock, newId),
        },
        { provide: WEBHOOK_SECRETS, useValue: options.webhooks ?? {} },
        { provide: DEADLINE_INTERVAL_MS, useValue: options.deadlineIntervalMs ?? 60_000 },
        DeadlineSchedule,
        { provide: AUTHENTICATOR, useValue: options.authenticator },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: CLAIMED_REQUESTS,
          useValue: claims,
        },
        { provide: WRITE_RECEIPTS, useValue: receipts },
        {
          provide: IDEMPOTENCY_STORE,
          useFactory: (store: EventStore) =>
            new IdempotencyStore(store, {
              leaseMs: options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS,
            }),
          inject: [EVENT_STORE],
        },
        {
          provide: APP_PIPE,
          useValue: new RequestValidationPipe(),
        },
      ],
    };
  }

  /** HTTP requests measured by route and status. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetrics(this.metrics)).forRoutes('*');
  }
}

function silentLogger(): Logger {
  return createRootLogger({ service: 'api', level: 'silent' });
}

function clockFunction(clock: Clock | undefined): (() => Date) | undefined {
  return clock && (() => clock.now());
}

/**
 * The receipts of this process's writes, signed with the log's key. An API built without the
 * log's key still records every write, and its answers say why they carry no receipt.
 */
function writeReceipts(log: ApiModuleOptions['log']): WriteReceipts {
  return log
    ? new WriteReceipts({
        signer: log.signer,
        origin: log.config.origin,
        maxMergeDelaySeconds: log.config.maxMergeDelaySeconds,
      })
    : new WriteReceipts({
        origin: 'none',
        unavailableBecause: "this API process was started without the log's signing key",
      });
}
