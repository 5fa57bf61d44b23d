import { EventStoreModule, type EventStoreConfig } from '@change-ledger/event-store';
import { ProjectorModule } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';

/** The projector on its own: the event store in, the read models out. No HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(options: { eventStore: EventStoreConfig; readModelsUrl: string }): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        EventStoreModule.forRoot(options.eventStore),
        ProjectorModule.forRoot({ readModelsUrl: options.readModelsUrl }),
      ],
    };
  }
}
