import { type Clock, CLOCK, ID_GENERATOR, type IdGenerator } from '@change-ledger/change-requests';
import { EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { NotificationOperations, OutboxQueries } from '@change-ledger/notifications';
import { type LoadedPolicy } from '@change-ledger/policy';
import { type DynamicModule, Module } from '@nestjs/common';
import { type Pool } from 'pg';
import { NotificationsController, OUTBOX_QUERIES } from './notifications.controller';

/**
 * The outbox's routes (list, resend, replay), served whether or not the notifier runs here (it
 * runs with the in-process projector: hosted-loops.ts).
 */
@Module({})
export class NotificationsApiModule {
  static forRoot(options: { logPool: Pool; policy: LoadedPolicy }): DynamicModule {
    return {
      module: NotificationsApiModule,
      controllers: [NotificationsController],
      providers: [
        { provide: OUTBOX_QUERIES, useValue: new OutboxQueries(options.logPool) },
        {
          provide: NotificationOperations,
          inject: [EVENT_STORE, OUTBOX_QUERIES, CLOCK, ID_GENERATOR],
          useFactory: (
            store: EventStore,
            outbox: OutboxQueries,
            clock: Clock,
            newId: IdGenerator,
          ) =>
            new NotificationOperations(
              store,
              outbox,
              () => options.policy.notifications,
              clock,
              newId,
            ),
        },
      ],
    };
  }
}
