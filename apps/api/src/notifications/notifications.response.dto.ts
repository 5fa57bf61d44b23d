import { ApiProperty } from '@nestjs/swagger';

/** One delivery of the outbox: to whom, over which channel, and how it went. */
export class OutboxEntryAnswer {
  id!: string;
  /** The ledger event it notifies of. */
  event_id!: string;
  event_type!: string;
  kind!: string;
  channel!: 'email' | 'slack' | 'webhook';
  recipient!: string;
  change_request_id!: string | null;
  subject!: string;
  /** `parked`: given up after repeated failures, with its `last_error`. */
  status!: 'pending' | 'sent' | 'parked';
  attempts!: number;
  next_attempt_at!: string;
  last_error!: string | null;
  created_at!: string;
  sent_at!: string | null;
  /** Who last asked for it to be sent again after it was parked, and when. */
  resent_by!: string | null;
  resent_at!: string | null;
  /** The replay that planned it late, for a channel enabled after its event. */
  replay_id!: string | null;
}

/** The outbox: parked deliveries first, then the newest. */
export class NotificationsAnswer {
  notifications!: OutboxEntryAnswer[];
}

/** An operator's request to the notifier, as recorded in the ledger. */
export class NotificationRequestAnswer {
  requested_by!: string;
  requested_at!: string;
  /** The request's place in the ledger: the notifier carries it out once it passed there. */
  position!: string;
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt!: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}

/** A parked delivery's resend, recorded: the delivery as it was when asked. */
export class ResendAnswer extends NotificationRequestAnswer {
  @ApiProperty({ enum: ['resend'] })
  request!: 'resend';
  delivery!: OutboxEntryAnswer;
}

/** A channel's replay of a window of events, recorded. */
export class ReplayAnswer extends NotificationRequestAnswer {
  @ApiProperty({ enum: ['replay'] })
  request!: 'replay';
  replay_id!: string;
  channel!: string;
  /** The window [since, until) of events it plans deliveries for. */
  since!: string;
  until!: string;
}
