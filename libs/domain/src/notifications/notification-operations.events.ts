/*
 * What operators asked of the notifier (issue 28), recorded in the ledger like every other
 * decision, with who and when, in the system stream NOTIFICATION_OPERATIONS_STREAM. The
 * notifier's planner follows that stream and carries each request out in the outbox, once.
 */

/** A parked delivery is to be tried again, from its first attempt. */
export interface NotificationResendRequested {
  type: 'NotificationResendRequested';
  data: {
    deliveryId: string;
    /** What the delivery was, as the operator saw it: the row is found by its id. */
    eventId: string;
    channel: string;
    recipient: string;
    requestedBy: string;
    requestedAt: string;
  };
}

/**
 * Deliveries over `channel` are to be planned for the events recorded in [since, until): for a
 * channel enabled after the notifier had passed them. Deliveries already planned stay as they
 * are (one per event, channel and recipient), so a replay never sends anything twice.
 */
export interface NotificationReplayRequested {
  type: 'NotificationReplayRequested';
  data: {
    replayId: string;
    channel: string;
    since: string;
    until: string;
    requestedBy: string;
    requestedAt: string;
  };
}

export type NotificationOperationEvent = NotificationResendRequested | NotificationReplayRequested;
export const NOTIFICATION_OPERATION_EVENT_TYPES: readonly NotificationOperationEvent['type'][] = [
  'NotificationResendRequested',
  'NotificationReplayRequested',
];
