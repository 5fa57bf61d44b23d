import { Authenticator } from '@change-ledger/auth';
import { ChangeRequestsModule, type Clock } from '@change-ledger/change-requests';
import {
  EVENT_STORE,
  type EventStore,
  EventStoreModule,
  type EventStoreConfig,
} from '@change-ledger/event-store';
import { IdempotencyStore } from '@change-ledger/idempotency';
import { IngestionModule } from '@change-ledger/ingestion';
import {
  type LedgerLogConfig,
  LedgerLogModule,
  LedgerLogQueries,
  type NoteSigner,
  verifierKey,
} from '@change-ledger/integrity';
import { type LoadedPolicy } from '@change-ledger/policy';
import { ProjectorModule, readerPool } from '@change-ledger/read-models';
import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuthGuard, AUTHENTICATOR } from './auth/auth.guard';
import { CHANGE_REQUEST_CONTROLLERS } from './change-requests/change-request.controllers';
import { DeployGatesController } from './deploy-gates/deploy-gates.controller';
import { HealthController } from './health/health.controller';
import {
  LEDGER_LOG_QUERIES,
  LEDGER_VERIFIER_KEY,
  LedgerController,
} from './ledger/ledger.controller';
import { IngestController, WEBHOOK_SECRETS, type WebhookSecrets } from './ingest/ingest.controller';
import { ReadModelsController } from './read-models/read-models.controller';
import { readSide } from './read-models/read-models.provider';
import { DEADLINE_INTERVAL_MS, DeadlineSchedule } from './deadlines/deadline-schedule';
import { IDEMPOTENCY_STORE, IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
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
}

/** The HTTP app: wires the libs to HTTP, and holds no business rule. */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    const read = readSide(options.readModels.connectionString);
    const logPool = readerPool(options.readModels.connectionString, 2);
    return {
      module: ApiModule,
      imports: [
        EventStoreModule.forRoot(options.eventStore),
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
        ...CHANGE_REQUEST_CONTROLLERS,
        DeployGatesController,
        IngestController,
        ReadModelsController,
        LedgerController,
      ],
      providers: [
        ...read.providers,
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
          provide: IDEMPOTENCY_STORE,
          useFactory: (store: EventStore) => new IdempotencyStore(store),
          inject: [EVENT_STORE],
        },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
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
}
