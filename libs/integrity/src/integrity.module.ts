import { createPool, EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Pool } from 'pg';
import { Checkpointer } from './checkpoint/checkpointer';
import {
  CheckpointPublisher,
  type CheckpointTarget,
  directoryTarget,
  kafkaTarget,
  webhookTarget,
} from './checkpoint/publication';
import { witnessTarget } from './checkpoint/witness-submission';
import { type LedgerLogConfig } from './integrity-environment';
import { Sequencer } from './log/sequencer';
import { type NoteSigner } from './note/signed-note';

export const SEQUENCER = Symbol('SEQUENCER');
export const CHECKPOINTER = Symbol('CHECKPOINTER');
const LOG_POOL = Symbol('LOG_POOL');
const PUBLISHER = Symbol('PUBLISHER');

export interface LedgerLogModuleOptions {
  readModelsUrl: string;
  signer: NoteSigner;
  config: Omit<LedgerLogConfig, 'signingKey'>;
}

/**
 * The log's writers, hosted beside the projector: the sequencer (every event a leaf) and the
 * checkpointer (signed tree heads, published). Started with the app, stopped cleanly with it.
 */
@Module({})
export class LedgerLogModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SEQUENCER) private readonly sequencer: Sequencer,
    @Inject(CHECKPOINTER) private readonly checkpointer: Checkpointer,
    @Inject(PUBLISHER) private readonly publisher: CheckpointPublisher,
    @Inject(LOG_POOL) private readonly pool: Pool,
  ) {}

  static forRoot(options: LedgerLogModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: LedgerLogModule,
      providers: [
        {
          provide: LOG_POOL,
          // A dropped connection fails the query that used it; the sequencer retries.
          useFactory: () =>
            createPool('transparency log (ledger_sequencer)', {
              connectionString: options.readModelsUrl,
              options: '-c role=ledger_sequencer',
              max: 3,
            }),
        },
        {
          provide: PUBLISHER,
          inject: [LOG_POOL],
          useFactory: (pool: Pool) => {
            const targets: CheckpointTarget[] = [
              ...(config.checkpointDir ? [directoryTarget(config.checkpointDir)] : []),
              ...config.witnessUrls.map(webhookTarget),
              ...config.witnesses.map((witness) => witnessTarget(pool, witness)),
              ...(config.kafka ? [kafkaTarget(config.kafka.brokers, config.kafka.topic)] : []),
            ];
            return new CheckpointPublisher(targets);
          },
        },
        {
          provide: SEQUENCER,
          inject: [EVENT_STORE, LOG_POOL],
          useFactory: (store: EventStore, pool: Pool) => new Sequencer({ store, pool }),
        },
        {
          provide: CHECKPOINTER,
          inject: [LOG_POOL, PUBLISHER],
          useFactory: (pool: Pool, publisher: CheckpointPublisher) =>
            new Checkpointer({
              pool,
              signer: options.signer,
              origin: config.origin,
              publisher,
              intervalMs: config.intervalMs,
            }),
        },
      ],
      exports: [SEQUENCER, CHECKPOINTER],
    };
  }

  onApplicationBootstrap(): void {
    this.sequencer.start();
    this.checkpointer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpointer.stop();
    await this.sequencer.stop();
    await this.publisher.stop();
    await this.pool.end();
  }
}
