import { Authenticator } from '@change-ledger/auth';
import { ChangeRequestsModule, type Clock } from '@change-ledger/change-requests';
import { EventStoreModule, type EventStoreConfig } from '@change-ledger/event-store';
import { IngestionModule } from '@change-ledger/ingestion';
import {
  type LedgerLogConfig,
  LedgerLogModule,
  LedgerLogQueries,
  type NoteSigner,
  verifierKey,
} from '@change-ledger/integrity';
import { type LoadedPolicy } from '@change-ledger/policy';
import {
  eventStoreCheck,
  healthRoutes,
  httpMetrics,
  InstrumentedEventStore,
  LedgerMetrics,
  createRootLogger,
  LoggingModule,
  postgresCheck,
  projectionLagCheck,
  projectionMetrics,
  type ReadinessCheck,
  transparencyLogMetrics,
} from '@change-ledger/operations';
import {
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
  ValidationPipe,
} from '@nestjs/common';
import { type Logger } from 'pino';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { AuthGuard, AUTHENTICATOR } from './auth/auth.guard';
import { ChangeRequestsController } from './change-requests/change-requests.controller';
import { DeployGatesController } from './deploy-gates/deploy-gates.controller';
import { HealthController } from './health/health.controller';
import {
  LEDGER_LOG_QUERIES,
  LEDGER_VERIFIER_KEY,
  LedgerController,
} from './ledger/ledger.controller';
import { IngestController, WEBHOOK_SECRETS, type WebhookSecrets } from './ingest/ingest.controller';
import { PROJECTION_STATUS, ReadModelsController } from './read-models/read-models.controller';
import { readSide } from './read-models/read-models.provider';
import { DEADLINE_INTERVAL_MS, DeadlineSchedule } from './deadlines/deadline-schedule';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { RequestValidationError } from './problem-details/request-validation.error';

export interface ApiModuleOptions {
  eventStore: EventStoreConfig;
  /** PostgreSQL of the read models; the projector runs in this process unless told not to. */
  readModels: { connectionString: string; runProjector: boolean };
  /** How often missed deadlines are looked for; 0: never by itself (tests call the watcher). */
  deadlineIntervalMs?: number;
  policy: LoadedPolicy;
  authenticator: Authenticator;
  clock?: Clock;
  /** Secrets of the GitHub / GitLab deployment webhooks; a provider without one is refused. */
  webhooks?: WebhookSecrets;
  /**
   * The transparency log's signer and publication: its sequencer and checkpointer run with the
   * in-process projector. Its read-only routes are served either way.
   */
  log?: { signer: NoteSigner; config: Omit<LedgerLogConfig, 'signingKeyFile'> };
  /** The process's logger (libs/operations); none: request ids still, no lines. */
  logger?: Logger;
  /** The process's metrics; none: a registry of its own, served by nobody. */
  metrics?: LedgerMetrics;
  /** Readiness fails while a projection of this process is further behind (seconds). */
  readyMaxLagSeconds?: number;
}

/** The HTTP app: wires the libs to HTTP, and holds no business rule. */
@Module({})
export class ApiModule implements NestModule {
  constructor(@Inject(LedgerMetrics) private readonly metrics: LedgerMetrics) {}

  static forRoot(options: ApiModuleOptions): DynamicModule {
    const read = readSide(options.readModels.connectionString);
    const logPool = readerPool(options.readModels.connectionString, 2);
    const metrics = options.metrics ?? new LedgerMetrics({ service: 'api', processMetrics: false });
    transparencyLogMetrics(metrics, logPool);
    const health = healthRoutes({
      inject: [EVENT_STORE, PROJECTION_STATUS],
      useFactory: (store: EventStore, status: ProjectionStatus): ReadinessCheck[] => [
        eventStoreCheck(store),
        postgresCheck('readModels', read.pool),
        ...(options.readModels.runProjector
          ? [projectionLagCheck(() => status.lag(), options.readyMaxLagSeconds ?? 300)]
          : []),
      ],
    });
    return {
      module: ApiModule,
      imports: [
        LoggingModule.forRoot(options.logger ?? silentLogger()),
        ...health.imports,
        EventStoreModule.forRoot(options.eventStore, {
          decorate: (store) => new InstrumentedEventStore(store, metrics),
        }),
        ChangeRequestsModule.forRoot({
          policy: options.policy,
          clock: options.clock,
          deadlineCandidates: read.changeRequests,
        }),
        IngestionModule.forRoot({
          registeredFor: (reported) => read.changeRequests.registeredFor(reported),
          clock: options.clock,
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
      ],
      controllers: [
        HealthController,
        ...health.controllers,
        ChangeRequestsController,
        DeployGatesController,
        IngestController,
        ReadModelsController,
        LedgerController,
      ],
      providers: [
        ...read.providers,
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
              projections: PROJECTIONS,
            });
            projectionMetrics(metrics, status);
            return status;
          },
        },
        { provide: LEDGER_LOG_QUERIES, useValue: new LedgerLogQueries(logPool) },
        { provide: 'LEDGER_LOG_POOL', useValue: logPool },
        {
          provide: LEDGER_VERIFIER_KEY,
          useValue: options.log ? verifierKey(options.log.signer) : null,
        },
        { provide: WEBHOOK_SECRETS, useValue: options.webhooks ?? {} },
        { provide: DEADLINE_INTERVAL_MS, useValue: options.deadlineIntervalMs ?? 60_000 },
        DeadlineSchedule,
        { provide: AUTHENTICATOR, useValue: options.authenticator },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: (errors) => RequestValidationError.fromValidation(errors),
          }),
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
