import { EVENT_STORE, type EventStore, logConnectionErrors } from '@change-ledger/event-store';
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Pool } from 'pg';
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

  static forRoot(options: { readModelsUrl: string; pollIntervalMs?: number }): DynamicModule {
    return {
      module: ProjectorModule,
      providers: [
        {
          provide: PROJECTOR_POOL,
          useFactory: () => {
            const pool = new Pool({
              connectionString: options.readModelsUrl,
              options: '-c role=ledger_projector',
              // The runner holds one connection per projection while it applies (the advisory
              // lock's) and takes another for each batch: fewer than projections + 1 and every
              // projection can end up holding a lock while waiting for a batch connection.
              max: PROJECTIONS.length + 2,
            });
            // A dropped connection surfaces in the runner, which retries.
            logConnectionErrors(pool, 'projector (ledger_projector)');
            return pool;
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
