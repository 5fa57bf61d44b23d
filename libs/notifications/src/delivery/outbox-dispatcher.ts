import { setTimeout as sleep } from 'node:timers/promises';
import { retryDelayMs } from '@change-ledger/event-store';
import { type NotificationChannel } from '@change-ledger/policy';
import { Logger } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { type ChannelSenders, type OutgoingMessage } from './channels';

export interface DispatcherOptions {
  /** Connections as ledger_projector. */
  pool: Pool;
  senders: ChannelSenders;
  /** Attempts before a delivery is parked (default 8). */
  maxAttempts?: number;
  /** First retry after this long, doubling each time up to `maxBackoffMs` (default 30 s, 1 h). */
  backoffMs?: number;
  maxBackoffMs?: number;
  pollIntervalMs?: number;
  /** Deliveries sent at once: one slow receiver never holds up the rest. */
  concurrency?: number;
}

/** A delivery as an operator sees it (`GET …/notifications`). */
export interface OutboxEntry {
  id: string;
  event_id: string;
  event_type: string;
  kind: string;
  channel: NotificationChannel;
  recipient: string;
  change_request_id: string | null;
  subject: string;
  status: 'pending' | 'sent' | 'parked';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Who last asked for it to be sent again after it was parked, and when. */
  resent_by: string | null;
  resent_at: string | null;
  /** The replay that planned it late, for a channel enabled after its event. */
  replay_id: string | null;
}

/**
 * Empties the outbox: each due delivery is locked (FOR UPDATE SKIP LOCKED, so replicas share the
 * work), sent, and marked sent in the same transaction — a delivery is recorded as sent only once
 * the receiver acknowledged it, and one recorded as sent is never sent again, whatever restarts.
 * A failure is retried with exponential backoff and, after `maxAttempts`, parked with its error.
 * A crash between the receiver's acknowledgement and the commit sends that one message again:
 * the webhook carries the event id and the email a stable Message-ID for receivers to dedupe.
 */
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private stopped = false;
  /** Cuts a worker's wait short when the dispatcher stops. */
  private stopping = new AbortController();
  /** Why the workers cannot read the outbox now, while they retry (readiness). */
  private failure: string | undefined;
  private readonly loops: Promise<void>[] = [];
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: DispatcherOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 30_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60 * 60_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
  }

  start(): void {
    this.stopped = false;
    this.stopping = new AbortController();
    for (let worker = 0; worker < (this.options.concurrency ?? 3); worker++) {
      this.loops.push(this.run());
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await Promise.allSettled(this.loops.splice(0));
    this.failure = undefined;
  }

  /** Whether the outbox is being emptied; not while its database cannot be reached. */
  health(): { ok: true } | { ok: false; reason: string } {
    return this.failure === undefined
      ? { ok: true }
      : { ok: false, reason: `retrying: ${this.failure}` };
  }

  /**
   * Tries, once each, what is due now; the number of deliveries tried. For tests and one-offs: a
   * retry that falls due meanwhile waits for the next call, so a receiver that is down cannot
   * keep it going.
   */
  async drain(): Promise<number> {
    const { rows } = await this.options.pool.query<{ now: Date }>('SELECT now() AS now');
    let tried = 0;
    while (await this.sendOne(rows[0]!.now)) tried++;
    return tried;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        while (!this.stopped && (await this.sendOne())) this.failure = undefined;
        if (failures > 0) this.logger.log('notifications: reading the outbox again');
        failures = 0;
        this.failure = undefined;
      } catch (error) {
        // The outbox's database is unreachable: nothing was marked; try again with a growing
        // wait, said once per outage.
        const reason = error instanceof Error ? error.message : String(error);
        if (failures === 0 && !this.stopped)
          this.logger.warn(`notifications: cannot read the outbox (${reason}); retrying`);
        failures++;
        this.failure = reason;
      }
      if (this.stopped) break;
      const wait = failures > 0 ? retryDelayMs(failures, this.pollIntervalMs) : this.pollIntervalMs;
      // Rejects when the dispatcher stops, which is the point: nothing to say.
      await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** Locks one due delivery, sends it and records the outcome; false when none is due. */
  private async sendOne(dueBy?: Date): Promise<boolean> {
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Record<string, unknown>>(
        `SELECT id::text, event_id::text, event_type, kind, channel, recipient, change_request_id,
                subject, body, link, attempts
           FROM notifications.outbox
          WHERE status = 'pending' AND next_attempt_at <= coalesce($1, now())
          ORDER BY next_attempt_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [dueBy ?? null],
      );
      const row = rows[0];
      if (!row) {
        await client.query('COMMIT');
        return false;
      }
      await this.deliver(client, row);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      // A connection that failed under the transaction is closed, not pooled again.
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async deliver(client: PoolClient, row: Record<string, unknown>): Promise<void> {
    const channel = row.channel as NotificationChannel;
    const message: OutgoingMessage = {
      id: String(row.id),
      eventId: String(row.event_id),
      eventType: String(row.event_type),
      kind: String(row.kind),
      recipient: String(row.recipient),
      changeRequestId: (row.change_request_id as string | null) ?? null,
      subject: String(row.subject),
      body: String(row.body),
      link: (row.link as string | null) ?? null,
    };
    const attempts = Number(row.attempts) + 1;
    try {
      const sender = this.options.senders[channel];
      if (!sender) throw new Error(`the ${channel} channel is not configured in this process`);
      await sender.send(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const parked = attempts >= this.maxAttempts;
      const delayMs = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempts - 1));
      await client.query(
        `UPDATE notifications.outbox
            SET attempts = $2, last_error = $3, status = $4,
                next_attempt_at = now() + ($5::text || ' milliseconds')::interval
          WHERE id = $1`,
        [message.id, attempts, reason, parked ? 'parked' : 'pending', String(delayMs)],
      );
      const what = `${message.kind} of ${message.eventId} to ${channel} ${message.recipient}`;
      if (parked)
        this.logger.error(`notifications: parked ${what} after ${attempts} attempts: ${reason}`);
      else
        this.logger.warn(
          `notifications: ${what} failed (attempt ${attempts}, retry in ${delayMs} ms): ${reason}`,
        );
      return;
    }
    await client.query(
      `UPDATE notifications.outbox SET status = 'sent', attempts = $2, sent_at = now(), last_error = NULL
        WHERE id = $1`,
      [message.id, attempts],
    );
  }
}

/** The outbox as operators read it: parked deliveries first, then the newest. */
export class OutboxQueries {
  constructor(private readonly pool: Pool) {}

  async list(filter: { status?: OutboxEntry['status']; limit: number }): Promise<OutboxEntry[]> {
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT ${ENTRY_COLUMNS}
         FROM notifications.outbox
        WHERE $1::text IS NULL OR status = $1
        ORDER BY status <> 'parked', created_at DESC, id DESC
        LIMIT $2`,
      [filter.status ?? null, filter.limit],
    );
    return rows.map(entryOf);
  }

  /** One delivery by its id; null when there is none (or the id is not one). */
  async get(id: string): Promise<OutboxEntry | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT ${ENTRY_COLUMNS} FROM notifications.outbox WHERE id = $1`,
      [id],
    );
    return rows[0] ? entryOf(rows[0]) : null;
  }
}

const ENTRY_COLUMNS = `id::text, event_id::text, event_type, kind, channel, recipient, change_request_id,
  subject, status, attempts, next_attempt_at, last_error, created_at, sent_at, resent_by, resent_at,
  replay_id`;

function entryOf(row: Record<string, unknown>): OutboxEntry {
  return {
    id: String(row.id),
    event_id: String(row.event_id),
    event_type: String(row.event_type),
    kind: String(row.kind),
    channel: row.channel as NotificationChannel,
    recipient: String(row.recipient),
    change_request_id: (row.change_request_id as string | null) ?? null,
    subject: String(row.subject),
    status: row.status as OutboxEntry['status'],
    attempts: Number(row.attempts),
    next_attempt_at: (row.next_attempt_at as Date).toISOString(),
    last_error: (row.last_error as string | null) ?? null,
    created_at: (row.created_at as Date).toISOString(),
    sent_at: row.sent_at ? (row.sent_at as Date).toISOString() : null,
    resent_by: (row.resent_by as string | null) ?? null,
    resent_at: row.resent_at ? (row.resent_at as Date).toISOString() : null,
    replay_id: (row.replay_id as string | null) ?? null,
  };
}
