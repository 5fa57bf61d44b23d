import {
  asChangeRequestEvent,
  CHANGE_REQUEST_STREAMS,
  CI_EVENT_STREAM_PREFIX,
  type CiEventStreamEvent,
  NOTIFICATION_OPERATION_EVENT_TYPES,
  NOTIFICATION_OPERATIONS_STREAM,
  type NotificationOperationEvent,
  type NotificationReplayRequested,
  type NotificationResendRequested,
  rehydrate,
} from '@change-ledger/domain';
import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  storedAs,
} from '@change-ledger/event-store';
import { type NotificationChannel } from '@change-ledger/policy';
import { Logger } from '@nestjs/common';
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
/** The events that call for messages (what a replay reads again). */
const NOTIFYING_STREAMS = [CHANGE_REQUEST_STREAMS, CI_EVENT_STREAM_PREFIX];

export const NOTIFICATION_PLANNER_LISTING: ListedProjection = {
  name: NOTIFICATION_PLANNER,
  // And operators' requests (resend, replay), carried out in order with the rest.
  filter: { streamPrefixes: [...NOTIFYING_STREAMS, NOTIFICATION_OPERATIONS_STREAM] },
};

const logger = new Logger('NotificationPlanner');

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
        if (event.streamId === NOTIFICATION_OPERATIONS_STREAM) {
          const request = storedAs<NotificationOperationEvent>(
            event,
            NOTIFICATION_OPERATION_EVENT_TYPES,
          );
          if (request) await carryOut(tx, store, event, request, context);
          continue;
        }
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

/**
 * An operator's request, carried out once: its event id is written down with it, so a rebuild
 * or a replay of the planner reading it again changes nothing (a delivery parked again since stays
 * parked until someone asks again).
 */
async function carryOut(
  tx: ClientBase,
  store: EventStore,
  event: RecordedEvent,
  request: NotificationOperationEvent,
  context: PlanContext,
): Promise<void> {
  // One planner runs at a time (its advisory lock), and this is its transaction: asked, then
  // carried out and written down together.
  const done = await tx.query(
    'SELECT 1 FROM notifications.requests_carried_out WHERE event_id = $1',
    [event.id],
  );
  if (done.rowCount !== 0) return;
  const deliveries =
    request.type === 'NotificationResendRequested'
      ? await resend(tx, request.data)
      : await replay(tx, store, event.position, request.data, context);
  await tx.query(
    `INSERT INTO notifications.requests_carried_out (event_id, type, deliveries) VALUES ($1, $2, $3)`,
    [event.id, request.type, deliveries],
  );
}

/** A parked delivery back to pending, from its first attempt, with who asked and when. */
async function resend(tx: ClientBase, data: NotificationResendRequested['data']): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE notifications.outbox
        SET status = 'pending', attempts = 0, next_attempt_at = now(), resent_by = $2, resent_at = $3
      WHERE id = $1 AND status = 'parked'`,
    [data.deliveryId, data.requestedBy, data.requestedAt],
  );
  if (rowCount === 0)
    logger.warn(`notifications: delivery ${data.deliveryId} is no longer parked; not resent`);
  return rowCount ?? 0;
}

/**
 * Plans, for `channel` alone, every message the events recorded in [since, until) call for,
 * up to the request itself (the planner passes what follows it as usual). A delivery planned
 * before, for whatever reason, is left as it is: one per event, channel and recipient.
 */
async function replay(
  tx: ClientBase,
  store: EventStore,
  requestedAt: GlobalPosition,
  data: NotificationReplayRequested['data'],
  context: PlanContext,
): Promise<number> {
  const channel = data.channel as NotificationChannel;
  if (!context.configured.has(channel) || !context.policy.channels.includes(channel)) {
    logger.warn(
      `notifications: replay ${data.replayId} of ${channel} planned nothing: the channel is not enabled in the policy or has nowhere to send in this notifier`,
    );
    return 0;
  }
  const only: PlanContext = { ...context, configured: new Set([channel]) };
  const since = Date.parse(data.since);
  const until = Date.parse(data.until);
  let planned = 0;
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: 500,
      filter: { streamPrefixes: NOTIFYING_STREAMS },
    });
    for (const event of page) {
      if (comparePositions(event.position, requestedAt) >= 0) return finish();
      const recordedAt = Date.parse(event.metadata.recordedAt);
      if (recordedAt < since || recordedAt >= until) continue;
      const notification = await plan(store, event, only);
      if (notification === null) continue;
      for (const delivery of deliveriesOf(event.id, notification, only))
        planned += await insert(tx, event, delivery, data.replayId);
    }
    if (page.length < 500) return finish();
    after = page[page.length - 1]!.position;
  }
  function finish(): number {
    logger.log(
      `notifications: replay ${data.replayId} planned ${planned} ${channel} deliveries for events recorded from ${data.since} to ${data.until}`,
    );
    return planned;
  }
}

/** Inserts the delivery unless one for its event, channel and recipient exists: 1 or 0. */
async function insert(
  tx: ClientBase,
  event: RecordedEvent,
  delivery: Delivery,
  replayId: string | null = null,
): Promise<number> {
  const { notification } = delivery;
  const { rowCount } = await tx.query(
    `INSERT INTO notifications.outbox (event_id, event_type, channel, recipient, kind, change_request_id,
       subject, body, link, replay_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
      replayId,
    ],
  );
  return rowCount ?? 0;
}
