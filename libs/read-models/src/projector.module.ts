import { createPool, EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Pool } from 'pg';
import { ProjectionRunner } from './projection/projection-runner';
import { PROJECTIONS } from './projections';

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
const PROJECTOR_POOL = Symbol('PROJECTOR_POOL');

/**
 * The projector: runs every projection over the EVENT_STORE the host provides, writing as
 * ledger_projector. Hosted beside the API in one process (`npm start`).
 */
@Module({})
export class ProjectorModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(PROJECTOR_POOL) private readonly pool: Pool,
  ) {}

  static forRoot(options: {
    readModelsUrl: string;
    /** How often a standby tries for a projection's lock (the holder follows the subscription). */
    pollIntervalMs?: number;
  }): DynamicModule {
    return {
      module: ProjectorModule,
      providers: [
        {
          provide: PROJECTOR_POOL,
          useFactory: () => {
            // A dropped connection surfaces in the runner, which retries.
            return createPool('projector (ledger_projector)', {
              connectionString: options.readModelsUrl,
              options: '-c role=ledger_projector',
              // Each projection this process applies holds a connection (its lock, its writes);
              // the rest serve status queries and a standby's tries.
              max: PROJECTIONS.length + 2,
            });
          },
        },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, PROJECTOR_POOL],
          useFactory: (store: EventStore, pool: Pool) =>
            new ProjectionRunner({
              store,
              pool,
              projections: PROJECTIONS,
              pollIntervalMs: options.pollIntervalMs,
            }),
        },
      ],
      exports: [PROJECTION_RUNNER],
    };
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.pool.end();
  }
}
