import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import {
  CHECKPOINTER,
  type Checkpointer,
  SEQUENCER,
  type Sequencer,
} from '@change-ledger/integrity';
import { LedgerLogModule } from '@change-ledger/integrity';
import {
  NOTIFICATION_PLANNER,
  NOTIFICATION_PLANNER_RUNNER,
  NotifierModule,
  OUTBOX_DISPATCHER,
  type OutboxDispatcher,
} from '@change-ledger/notifications';
import {
  eventStoreCheck,
  healthRoutes,
  type LoopHealth,
  loopsCheck,
  postgresCheck,
  projectionLagCheck,
  type ReadinessCheck,
} from '@change-ledger/operations';
import {
  PROJECTION_RUNNER,
  type ProjectionRunner,
  type ProjectionStatus,
  ProjectorModule,
} from '@change-ledger/read-models';
import { type DynamicModule } from '@nestjs/common';
import { type ApiModuleOptions } from '../api-module.options';
import { PROJECTION_STATUS } from '../read-models/projections/projections.http.controller';
import { type ReadSide } from '../read-models/read-models.provider';

/**
 * The loops this process hosts with the in-process projector (none without it): the projector,
 * the log's sequencer and checkpointer where it has the log's key, the notifier where the policy
 * enables it. Imported where readiness is built: it asks each of them.
 */
export function hostedLoops(options: ApiModuleOptions): DynamicModule[] {
  const { readModels, log, notifier, policy } = options;
  if (!readModels.runProjector) return [];
  return [
    ProjectorModule.forRoot({ readModelsUrl: readModels.connectionString, pollIntervalMs: 100 }),
    ...(log
      ? [
          LedgerLogModule.forRoot({
            readModelsUrl: readModels.connectionString,
            signer: log.signer,
            config: log.config,
          }),
        ]
      : []),
    ...(notifier && policy.notifications.enabled
      ? [
          NotifierModule.forRoot({
            readModelsUrl: readModels.connectionString,
            policy: policy.notifications,
            transports: notifier.transports,
            pollIntervalMs: notifier.pollIntervalMs ?? 200,
          }),
        ]
      : []),
  ];
}

/**
 * `/health/live` and `/health/ready`: the event store, the read models' PostgreSQL (and its
 * replica), the projections' lag where the projector runs here, and each hosted loop: each
 * retries on its own while PostgreSQL is away, and the API is not ready until they resumed.
 */
export function apiHealth(options: ApiModuleOptions, read: ReadSide, queries: ReadSide) {
  const optional = (token: symbol) => ({ token, optional: true });
  const loop = (name: string, ...hosted: Array<{ health(): LoopHealth } | undefined>) => {
    const present = hosted.filter((one) => one !== undefined);
    return present.length > 0
      ? [
          loopsCheck(
            name,
            present.map((one) => () => one.health()),
          ),
        ]
      : [];
  };
  return healthRoutes({
    inject: [
      EVENT_STORE,
      PROJECTION_STATUS,
      optional(PROJECTION_RUNNER),
      optional(SEQUENCER),
      optional(CHECKPOINTER),
      optional(NOTIFICATION_PLANNER_RUNNER),
      optional(OUTBOX_DISPATCHER),
    ],
    useFactory: (
      store: EventStore,
      status: ProjectionStatus,
      runner?: ProjectionRunner,
      sequencer?: Sequencer,
      checkpointer?: Checkpointer,
      planner?: ProjectionRunner,
      dispatcher?: OutboxDispatcher,
    ): ReadinessCheck[] => [
      eventStoreCheck(store),
      postgresCheck('readModels', read.pool),
      ...(queries !== read ? [postgresCheck('readModelsReplica', queries.pool)] : []),
      ...(options.readModels.runProjector
        ? [
            projectionLagCheck(
              // Of the listed, what this process runs: the planner only where it is hosted.
              async () =>
                (await status.lag()).filter(
                  (row) => row.projection !== NOTIFICATION_PLANNER || planner !== undefined,
                ),
              options.readyMaxLagSeconds ?? 300,
            ),
          ]
        : []),
      ...loop('projector', runner),
      ...loop('sequencer', sequencer),
      ...loop('checkpointer', checkpointer),
      ...loop('notifier', planner, dispatcher),
    ],
  });
}
