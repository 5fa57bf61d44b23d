import { EventStoreModule, type EventStoreConfig } from '@change-ledger/event-store';
import { type LedgerLogConfig, LedgerLogModule, type NoteSigner } from '@change-ledger/integrity';
import { NotifierModule, type NotifierModuleOptions } from '@change-ledger/notifications';
import { ProjectorModule } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';

/** The projector on its own: the event store in, the read models and the log out. No HTTP. */
@Module({})
export class ProjectorAppModule {
  static forRoot(options: {
    eventStore: EventStoreConfig;
    readModelsUrl: string;
    log: { signer: NoteSigner; config: Omit<LedgerLogConfig, 'signingKeyFile'> };
    /** The notifier, when the policy enables notifications. */
    notifier?: Omit<NotifierModuleOptions, 'readModelsUrl'>;
  }): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        EventStoreModule.forRoot(options.eventStore),
        ProjectorModule.forRoot({ readModelsUrl: options.readModelsUrl }),
        LedgerLogModule.forRoot({ readModelsUrl: options.readModelsUrl, ...options.log }),
        ...(options.notifier
          ? [NotifierModule.forRoot({ readModelsUrl: options.readModelsUrl, ...options.notifier })]
          : []),
      ],
    };
  }
}
