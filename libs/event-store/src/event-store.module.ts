import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Which store: configuration, not code (DESIGN.md). Each entry point migrates explicitly. */
export type EventStoreConfig =
  | {
      kind: 'postgres';
      connectionString: string;
      /** Role every connection writes as (ledger_writer where the login has more rights). */
      role?: string;
    }
  | { kind: 'eventstoredb'; connectionString: string };

export async function openEventStore(
  config: EventStoreConfig,
  clock?: () => Date,
): Promise<EventStore> {
  switch (config.kind) {
    case 'postgres':
      return new PostgresEventStore({
        connectionString: config.connectionString,
        role: config.role,
        clock,
      });
    case 'eventstoredb':
      return new EventStoreDbEventStore({ connectionString: config.connectionString, clock });
    default: {
      const unknown: never = config;
      throw new Error(`Unknown event store ${JSON.stringify(unknown)}`);
    }
  }
}

/** Provides `EVENT_STORE` to an app and closes it on shutdown. */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * `clock` stamps `recordedAt`: the app's injected clock, so tests control time end to end.
   * `decorate` wraps the store the app gets (metrics), without either adapter knowing.
   */
  static forRoot(
    config: EventStoreConfig,
    options: { clock?: () => Date; decorate?: (store: EventStore) => EventStore } = {},
  ): DynamicModule {
    const decorate = options.decorate ?? ((store: EventStore) => store);
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: async () => decorate(await openEventStore(config, options.clock)),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
