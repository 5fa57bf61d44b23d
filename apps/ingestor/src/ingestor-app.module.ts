import {
  ChangeRequestsModule,
  type Clock,
  RecordCiFactModule,
} from '@change-ledger/change-requests';
import {
  EVENT_STORE,
  EventStoreModule,
  type EventStore,
  type EventStoreConfig,
} from '@change-ledger/event-store';
import {
  eventStoreCheck,
  healthRoutes,
  InstrumentedEventStore,
  LedgerMetrics,
  createRootLogger,
  LoggingModule,
  postgresCheck,
  type ReadinessCheck,
} from '@change-ledger/operations';
import { type LoadedPolicy } from '@change-ledger/policy';
import { readerPool, RegisteredLinksQuery } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
import { type Logger } from 'pino';
import {
  CI_EVENTS_CONSUMER_OPTIONS,
  CiEventsConsumer,
  type CiEventsConsumerOptions,
} from './ci-events.consumer';

const READ_MODELS_POOL = Symbol('READ_MODELS_POOL');

export interface IngestorAppOptions {
  eventStore: EventStoreConfig;
  /** The read models, where change requests' registered commits and artifacts are looked up. */
  readModelsUrl: string;
  policy: LoadedPolicy;
  kafka: CiEventsConsumerOptions;
  clock?: Clock;
  /** The process's logger; none: no lines (tests). */
  logger?: Logger;
  /** The process's metrics; none: a registry of its own, served by nobody. */
  metrics?: LedgerMetrics;
}

/** The ingestor: Kafka in, CI facts recorded on the ledger. No HTTP, no business rule. */
@Module({})
export class IngestorAppModule {
  static forRoot(options: IngestorAppOptions): DynamicModule {
    const pool = readerPool(options.readModelsUrl, 4);
    const links = new RegisteredLinksQuery(pool);
    const metrics =
      options.metrics ?? new LedgerMetrics({ service: 'ingestor', processMetrics: false });
    const health = healthRoutes({
      inject: [EVENT_STORE, CiEventsConsumer],
      useFactory: (store: EventStore, consumer: CiEventsConsumer): ReadinessCheck[] => [
        eventStoreCheck(store),
        postgresCheck('readModels', pool),
        {
          name: 'kafka',
          probe: async () => {
            const state = consumer.consuming();
            if (!state.ok) throw new Error(`consumer ${state.reason}`);
          },
        },
      ],
    });
    return {
      module: IngestorAppModule,
      imports: [
        LoggingModule.forRoot(
          options.logger ?? createRootLogger({ service: 'ingestor', level: 'silent' }),
        ),
        ...health.imports,
        EventStoreModule.forRoot(options.eventStore, {
          decorate: (store) => new InstrumentedEventStore(store, metrics),
        }),
        ChangeRequestsModule.forRoot({ policy: options.policy, clock: options.clock }),
        RecordCiFactModule.forRoot({
          eventStore: options.eventStore,
          registeredFor: (reported) => links.registeredFor(reported),
          clock: options.clock,
          peopleMayReport: options.policy.policy.ciIngestion.peopleMayReport,
          sourceSystems: options.policy.policy.ciIngestion.sourceSystems,
        }),
      ],
      controllers: health.controllers,
      providers: [
        ...health.providers,
        { provide: LedgerMetrics, useValue: metrics },
        // Provided so that Nest ends it on shutdown.
        { provide: READ_MODELS_POOL, useValue: pool },
        { provide: CI_EVENTS_CONSUMER_OPTIONS, useValue: options.kafka },
        CiEventsConsumer,
      ],
    };
  }
}
