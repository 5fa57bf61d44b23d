import { type LoadedPolicy } from '@change-ledger/policy';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { NOTIFICATION_PLANNER_LISTING } from '@change-ledger/notifications';
import { LedgerMetrics, projectionMetrics } from '@change-ledger/operations';
import { PROJECTIONS, ProjectionStatus } from '@change-ledger/read-models';
import { type DynamicModule, Module } from '@nestjs/common';
import { PROJECTION_STATUS } from './projections/projections.http.controller';
import { READ_MODEL_CONTROLLERS } from './read-models.controllers';
import { type ReadSide } from './read-models.provider';
import { ReadQueryContext } from './read-query';

/**
 * The read routes and the read models' queries. Global: the write routes read the calendar and
 * the catalogue, the CI facts' routes their listing, readiness the projections' status.
 */
@Module({})
export class ReadModelsApiModule {
  static forRoot(options: {
    /** On the primary: the projections' checkpoints. */
    read: ReadSide;
    /** What the read routes query (the replica's where there is one). */
    queries: ReadSide;
    policy: LoadedPolicy;
  }): DynamicModule {
    const { read, queries, policy } = options;
    const projectionStatus = {
      provide: PROJECTION_STATUS,
      inject: [EVENT_STORE, LedgerMetrics],
      // From the checkpoints (read-only): answers whether or not the projector runs here.
      useFactory: (store: EventStore, metrics: LedgerMetrics) => {
        const status = new ProjectionStatus({
          store,
          pool: read.pool,
          // The notifier's planner where the policy enables it, wherever it runs.
          projections: [
            ...PROJECTIONS,
            ...(policy.notifications.enabled ? [NOTIFICATION_PLANNER_LISTING] : []),
          ],
        });
        projectionMetrics(metrics, status);
        return status;
      },
    };
    const providers = [...queries.providers, ReadQueryContext, projectionStatus];
    return {
      module: ReadModelsApiModule,
      global: true,
      controllers: READ_MODEL_CONTROLLERS,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
