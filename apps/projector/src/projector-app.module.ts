import {
  EVENT_STORE,
  EventStoreModule,
  type EventStore,
  type EventStoreConfig,
} from '@change-ledger/event-store';
import {
  CHECKPOINTER,
  type Checkpointer,
  type LedgerLogConfig,
  LedgerLogModule,
  type NoteSigner,
  SEQUENCER,
  type Sequencer,
} from '@change-ledger/integrity';
import {
  NOTIFICATION_PLANNER_LISTING,
  NOTIFICATION_PLANNER_RUNNER,
  NotifierModule,
  type NotifierModuleOptions,
  OUTBOX_DISPATCHER,
  type OutboxDispatcher,
} from '@change-ledger/notifications';
import {
  eventStoreCheck,
  healthRoutes,
  InstrumentedEventStore,
  type LedgerMetrics,
  LoggingModule,
  loopsCheck,
  postgresCheck,
  projectionLagCheck,
  projectionMetrics,
  transparencyLogMetrics,
} from '@change-ledger/operations';
import {
  PROJECTION_RUNNER,
  type ProjectionRunner,
  PROJECTIONS,
  ProjectionStatus,
  ProjectorModule,
  readerPool,
} from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
import { type Logger } from 'pino';

const READER_POOL = Symbol('READER_POOL');

/**
 * The projector on its own: the event store in, the read models and the log out. Its only HTTP
 * routes are its health, for the orchestrator.
 */
@Module({})
export class ProjectorAppModule {
  static forRoot(options: {
    eventStore: EventStoreConfig;
    readModelsUrl: string;
    log: { signer: NoteSigner; config: Omit<LedgerLogConfig, 'signingKey'> };
    /** The notifier, when the policy enables notifications. */
    notifier?: Omit<NotifierModuleOptions, 'readModelsUrl'>;
    logger: Logger;
    metrics: LedgerMetrics;
    readyMaxLagSeconds: number;
  }): DynamicModule {
    // Read-only, for readiness and the gauges: the same answers the API gives.
    const pool = readerPool(options.readModelsUrl, 2);
    transparencyLogMetrics(options.metrics, pool);
    const health = healthRoutes({
      inject: [
        EVENT_STORE,
        PROJECTION_RUNNER,
        SEQUENCER,
        CHECKPOINTER,
        { token: NOTIFICATION_PLANNER_RUNNER, optional: true },
        { token: OUTBOX_DISPATCHER, optional: true },
      ],
      useFactory: (
        store: EventStore,
        runner: ProjectionRunner,
        sequencer: Sequencer,
        checkpointer: Checkpointer,
        planner?: ProjectionRunner,
        dispatcher?: OutboxDispatcher,
      ) => {
        const status = new ProjectionStatus({
          store,
          pool,
          projections: [...PROJECTIONS, ...(planner ? [NOTIFICATION_PLANNER_LISTING] : [])],
        });
        projectionMetrics(options.metrics, status);
        return [
          eventStoreCheck(store),
          postgresCheck('readModels', pool),
          projectionLagCheck(() => status.lag(), options.readyMaxLagSeconds),
          // Each loop retries on its own while PostgreSQL is away; not ready until it resumed.
          loopsCheck('projector', [() => runner.health()]),
          loopsCheck('sequencer', [() => sequencer.health()]),
          loopsCheck('checkpointer', [() => checkpointer.health()]),
          ...(planner && dispatcher
            ? [loopsCheck('notifier', [() => planner.health(), () => dispatcher.health()])]
            : []),
        ];
      },
    });
    return {
      module: ProjectorAppModule,
      imports: [
        LoggingModule.forRoot(options.logger),
        ...health.imports,
        EventStoreModule.forRoot(options.eventStore, {
          decorate: (store) => new InstrumentedEventStore(store, options.metrics),
        }),
        ProjectorModule.forRoot({ readModelsUrl: options.readModelsUrl }),
        LedgerLogModule.forRoot({ readModelsUrl: options.readModelsUrl, ...options.log }),
        ...(options.notifier
          ? [NotifierModule.forRoot({ readModelsUrl: options.readModelsUrl, ...options.notifier })]
          : []),
      ],
      controllers: health.controllers,
      // The pool is provided so that Nest ends it on shutdown.
      providers: [...health.providers, { provide: READER_POOL, useValue: pool }],
    };
  }
}
