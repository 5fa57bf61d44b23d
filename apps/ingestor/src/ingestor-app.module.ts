import { ChangeRequestsModule, type Clock } from '@change-ledger/change-requests';
import { EventStoreModule, type EventStoreConfig } from '@change-ledger/event-store';
import { IngestionModule } from '@change-ledger/ingestion';
import { type LoadedPolicy } from '@change-ledger/policy';
import { ChangeRequestQueries } from '@change-ledger/read-models';
import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import {
  CI_EVENTS_CONSUMER_OPTIONS,
  CiEventsConsumer,
  type CiEventsConsumerOptions,
} from './ci-events.consumer';

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
    const pool = new Pool({
      connectionString: options.readModelsUrl,
      options: '-c role=ledger_reader',
      max: 4,
    }) as Pool & OnApplicationShutdown;
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    pool.onApplicationShutdown = () => pool.end();
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
        { provide: 'READ_MODELS_POOL', useValue: pool },
        { provide: CI_EVENTS_CONSUMER_OPTIONS, useValue: options.kafka },
        CiEventsConsumer,
      ],
    };
  }
}
