import {
  type Clock,
  type IdGenerator,
  envelopeAt,
  type RequestContext,
} from '@change-ledger/change-requests';
import {
  type ErrorKind,
  LedgerError,
  NOTIFICATION_OPERATIONS_STREAM,
  type NotificationOperationEvent,
} from '@change-ledger/domain';
import { type EventStore, formatPosition } from '@change-ledger/event-store';
import { type NotificationPolicy } from '@change-ledger/policy';
import { type OutboxEntry, type OutboxQueries } from '../delivery/outbox-dispatcher';

export class NotificationOperationError extends LedgerError {
  constructor(
    readonly code:
      | 'NOTIFICATIONS.NOT_AN_OPERATOR'
      | 'NOTIFICATIONS.DELIVERY_NOT_FOUND'
      | 'NOTIFICATIONS.NOT_PARKED'
      | 'NOTIFICATIONS.INVALID_REQUEST',
    readonly kind: ErrorKind,
    message: string,
    context: Record<string, unknown> = {},
  ) {
    super(message, context);
  }
}

/** What an operator's request answers: recorded, and carried out by the notifier's planner. */
export interface NotificationRequestAnswer {
  request: 'resend' | 'replay';
  requested_by: string;
  requested_at: string;
  /** The request's place in the ledger: the planner carries it out once it passed there. */
  position: string;
}

/**
 * Operators' requests to the notifier (issue 28): resend a parked delivery; replay a window of
 * events for a channel enabled after the notifier passed them. Checked here against the policy's
 * `notifications.operator_roles` and the outbox, then recorded in the ledger
 * (`ledger-notifications`, who and when), where the notifier's planner, which alone writes the
 * outbox, picks them up in order. So the request is on the record whichever process runs the
 * notifier, and carried out exactly once.
 */
export class NotificationOperations {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: OutboxQueries,
    private readonly policy: () => NotificationPolicy,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async resend(
    deliveryId: string,
    context: RequestContext,
  ): Promise<NotificationRequestAnswer & { delivery: OutboxEntry }> {
    this.mustOperate(context);
    const delivery = await this.outbox.get(deliveryId);
    if (!delivery)
      throw new NotificationOperationError(
        'NOTIFICATIONS.DELIVERY_NOT_FOUND',
        'not_found',
        `There is no delivery ${deliveryId}; GET /api/v1/change-management/notifications?status=parked lists the parked ones`,
        { deliveryId },
      );
    if (delivery.status !== 'parked')
      throw new NotificationOperationError(
        'NOTIFICATIONS.NOT_PARKED',
        'conflict',
        `Delivery ${deliveryId} is ${delivery.status}, not parked: only a parked delivery is resent (a pending one is still being tried)`,
        { deliveryId, status: delivery.status },
      );
    const requestedAt = this.clock.now().toISOString();
    const answer = await this.record(
      {
        type: 'NotificationResendRequested',
        data: {
          deliveryId,
          eventId: delivery.event_id,
          channel: delivery.channel,
          recipient: delivery.recipient,
          requestedBy: context.actor.id,
          requestedAt,
        },
      },
      context,
    );
    return { ...answer, request: 'resend', delivery };
  }

  async replay(
    input: { channel: string; since: Date; until?: Date },
    context: RequestContext,
  ): Promise<
    NotificationRequestAnswer & { replay_id: string; channel: string; since: string; until: string }
  > {
    this.mustOperate(context);
    const policy = this.policy();
    const now = this.clock.now();
    // Nothing after now was recorded yet: a `until` beyond it (today as a date) means now.
    const until = input.until && input.until < now ? input.until : now;
    if (!policy.enabled || !policy.channels.includes(input.channel as never))
      throw new NotificationOperationError(
        'NOTIFICATIONS.INVALID_REQUEST',
        'invalid',
        `channel: ${input.channel} is not enabled in the policy's notifications (enabled: ${policy.enabled ? policy.channels.join(', ') || 'none' : 'notifications are off'}); enable it first, then replay`,
        { field: 'channel', reason: 'is not an enabled channel of the policy' },
      );
    if (!(input.since < until))
      throw new NotificationOperationError(
        'NOTIFICATIONS.INVALID_REQUEST',
        'invalid',
        'since: must be before until (and before now)',
        { field: 'since', reason: 'must be before until (and before now)' },
      );
    const replayId = this.newId();
    const answer = await this.record(
      {
        type: 'NotificationReplayRequested',
        data: {
          replayId,
          channel: input.channel,
          since: input.since.toISOString(),
          until: until.toISOString(),
          requestedBy: context.actor.id,
          requestedAt: now.toISOString(),
        },
      },
      context,
    );
    return {
      ...answer,
      request: 'replay',
      replay_id: replayId,
      channel: input.channel,
      since: input.since.toISOString(),
      until: until.toISOString(),
    };
  }

  private mustOperate(context: RequestContext): void {
    const { operatorRoles } = this.policy();
    if (!context.actor.roles.some((role) => operatorRoles.includes(role)))
      throw new NotificationOperationError(
        'NOTIFICATIONS.NOT_AN_OPERATOR',
        'forbidden',
        `${context.actor.id} holds none of the roles that operate the notifier (notifications.operator_roles: ${operatorRoles.join(', ') || 'none'})`,
        { actorId: context.actor.id, roles: operatorRoles },
      );
  }

  private async record(
    event: NotificationOperationEvent,
    context: RequestContext,
  ): Promise<Omit<NotificationRequestAnswer, 'request'>> {
    const result = await this.store.appendToStream(
      NOTIFICATION_OPERATIONS_STREAM,
      [envelopeAt(this.newId(), event, context, event.data.requestedAt)],
      { expectedRevision: 'any' },
    );
    return {
      requested_by: event.data.requestedBy,
      requested_at: event.data.requestedAt,
      position: formatPosition(result.position),
    };
  }
}
