import {
  asChangeRequestEvent,
  CHANGE_REQUEST_STREAMS,
  CI_EVENT_STREAM_PREFIX,
  type CiEventStreamEvent,
  rehydrate,
} from '@change-ledger/domain';
import { type EventStore, type RecordedEvent, storedAs } from '@change-ledger/event-store';
import { type ListedProjection, type Projection } from '@change-ledger/read-models';
import { type ClientBase } from 'pg';
import {
  type Delivery,
  deliveriesOf,
  type Notification,
  notificationFor,
  type PlanContext,
  unlinkedDeploymentNotification,
} from './notification-plan';

/** The planner's name in read_models.checkpoints (and its advisory lock). */
export const NOTIFICATION_PLANNER = 'notifications';

/**
 * The planner as the projections' status lists it (its checkpoint, the events it follows): where
 * the policy enables notifications it is listed with the read models, in `/projections` and
 * `ledger projections`.
 */
export const NOTIFICATION_PLANNER_LISTING: ListedProjection = {
  name: NOTIFICATION_PLANNER,
  filter: { streamPrefixes: [CHANGE_REQUEST_STREAMS, CI_EVENT_STREAM_PREFIX] },
};

/**
 * The planner: a subscriber of the event store's global order (run by the projector's runner,
 * so its checkpoint moves in the same transaction as its outbox rows), turning each event that
 * calls for it into outbox rows. The change as it stood after the event is folded from its
 * stream up to that revision, so a message says what was true then, however late it is planned.
 * Rows are unique by (event, channel, recipient): a replay inserts nothing new.
 */
export function notificationPlanner(store: EventStore, context: PlanContext): Projection {
  return {
    ...NOTIFICATION_PLANNER_LISTING,
    // Owns no read-model table: a rebuild replays into the outbox, whose uniqueness keeps it quiet.
    tables: [],
    async apply(tx: ClientBase, events: readonly RecordedEvent[]): Promise<void> {
      for (const event of events) {
        const notification = await plan(store, event, context);
        if (notification === null) continue;
        for (const delivery of deliveriesOf(event.id, notification, context)) {
          await insert(tx, event, delivery);
        }
      }
    },
  };
}

async function plan(
  store: EventStore,
  event: RecordedEvent,
  context: PlanContext,
): Promise<Notification | null> {
  if (event.streamId.startsWith(CI_EVENT_STREAM_PREFIX)) {
    const received = storedAs<CiEventStreamEvent>(event, ['CiEventReceived']);
    return received?.type === 'CiEventReceived'
      ? unlinkedDeploymentNotification(received.data, context)
      : null;
  }
  const typed = asChangeRequestEvent(event);
  if (!typed) return null;
  const history = await store.readStream(event.streamId, { maxCount: event.revision + 1 });
  const change = rehydrate(
    history.flatMap((stored) => {
      const known = asChangeRequestEvent(stored);
      return known ? [known] : [];
    }),
  );
  return change.status === 'absent' ? null : notificationFor(typed, change, context);
}

async function insert(tx: ClientBase, event: RecordedEvent, delivery: Delivery): Promise<void> {
  const { notification } = delivery;
  await tx.query(
    `INSERT INTO notifications.outbox (event_id, event_type, channel, recipient, kind, change_request_id,
       subject, body, link)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
    [
      event.id,
      event.type,
      delivery.channel,
      delivery.recipient,
      notification.kind,
      notification.changeRequestId,
      notification.subject,
      notification.text,
      notification.link,
    ],
  );
}
