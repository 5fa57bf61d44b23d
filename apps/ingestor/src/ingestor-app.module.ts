import { ChangeRequestsModule, type Clock } from '@change-ledger/change-requests';
import { EventStoreModule, type EventStoreConfig } from '@change-ledger/event-store';
import { IngestionModule } from '@change-ledger/ingestion';
import { type LoadedPolicy } from '@change-ledger/policy';
import { ChangeRequestQueries, readerPool } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
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
}

/** The ingestor: Kafka in, CI facts recorded on the ledger. No HTTP, no business rule. */
@Module({})
export class IngestorAppModule {
  static forRoot(options: IngestorAppOptions): DynamicModule {
    const pool = readerPool(options.readModelsUrl, 4);
    const changeRequests = new ChangeRequestQueries(pool);
    return {
      module: IngestorAppModule,
      imports: [
        EventStoreModule.forRoot(options.eventStore),
        ChangeRequestsModule.forRoot({ policy: options.policy, clock: options.clock }),
        IngestionModule.forRoot({
          registeredFor: (reported) => changeRequests.registeredFor(reported),
          clock: options.clock,
        }),
      ],
      providers: [
        // Provided so that Nest ends it on shutdown.
        { provide: READ_MODELS_POOL, useValue: pool },
        { provide: CI_EVENTS_CONSUMER_OPTIONS, useValue: options.kafka },
        CiEventsConsumer,
      ],
    };
  }
}
