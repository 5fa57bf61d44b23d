import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule, type EventStoreConfig } from '@change-ledger/event-store';
import { HealthController } from './health/health.controller';

/** The HTTP app: wires the libs to HTTP, and holds no business rule. */
@Module({})
export class ApiModule {
  static forRoot(options: { eventStore: EventStoreConfig }): DynamicModule {
    return {
      module: ApiModule,
      imports: [EventStoreModule.forRoot(options.eventStore)],
      controllers: [HealthController],
    };
  }
}
