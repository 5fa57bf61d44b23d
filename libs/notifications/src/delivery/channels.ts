import { createHmac } from 'node:crypto';
import { type NotificationChannel } from '@change-ledger/policy';
import nodemailer, { type Transporter } from 'nodemailer';

/** One outbox row as a channel sends it. */
export interface OutgoingMessage {
  id: string;
  eventId: string;
  eventType: string;
  kind: string;
  recipient: string;
  changeRequestId: string | null;
  subject: string;
  body: string;
  link: string | null;
}

/** Sends one message; resolves once the receiver acknowledged it, throws otherwise. */
export interface ChannelSender {
  send(message: OutgoingMessage): Promise<void>;
  close?(): void;
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * Email over SMTP with nodemailer (the maintained SMTP client for Node: pooling, TLS, timeouts).
 * The Message-ID is derived from the event and the address, so a message re-sent after a crash
 * (before its acknowledgement was recorded) is the same message to the receiving mail system.
 */
export function emailSender(options: { smtpUrl: string; from: string }): ChannelSender {
  const url = new URL(options.smtpUrl);
  const transport: Transporter = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        messageId: `<${message.eventId}.${createHmac('sha256', 'message-id').update(message.recipient).digest('hex').slice(0, 16)}@change-ledger>`,
        headers: { 'X-Ledger-Event-Id': message.eventId, 'X-Ledger-Notification': message.kind },
      });
    },
    close: () => transport.close(),
  };
}

/** Slack incoming webhooks, one URL per channel ("#engineering" → https://hooks.slack.com/…). */
export function slackSender(webhooks: Readonly<Record<string, string>>): ChannelSender {
  return {
    async send(message) {
      const url = webhooks[message.recipient];
      if (!url) throw new Error(`no Slack webhook is configured for ${message.recipient}`);
      const title = message.link ? `<${message.link}|${message.subject}>` : message.subject;
      const lines = message.body.split('\n').filter((line) => !line.startsWith('Open the change:'));
      await post(url, JSON.stringify({ text: `*${title}*\n${lines.join('\n').trim()}` }), {});
    },
  };
}

export const SIGNATURE_HEADER = 'x-ledger-signature';
export const TIMESTAMP_HEADER = 'x-ledger-timestamp';
export const EVENT_ID_HEADER = 'x-ledger-event-id';

/**
 * The signature a receiver checks: HMAC-SHA256 of "<timestamp>.<body>" with the shared secret,
 * hex, as `sha256=<hex>` (the scheme of Stripe's and Slack's own signed requests). The timestamp
 * lets a receiver refuse replays of old deliveries; the event id in the body and a header lets it
 * drop a delivery it already has.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A generic webhook, signed; a 2xx answer is the acknowledgement. */
export function webhookSender(
  options: { url: string; secret: string },
  clock: () => Date = () => new Date(),
): ChannelSender {
  return {
    async send(message) {
      const body = JSON.stringify({
        event_id: message.eventId,
        event_type: message.eventType,
        notification: message.kind,
        change_request_id: message.changeRequestId,
        subject: message.subject,
        text: message.body,
        link: message.link,
      });
      const timestamp = String(Math.floor(clock().getTime() / 1000));
      await post(options.url, body, {
        [SIGNATURE_HEADER]: webhookSignature(options.secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [EVENT_ID_HEADER]: message.eventId,
      });
    },
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  // The body is the receiver's; only its status and a short excerpt go into the error.
  if (!response.ok) {
    const excerpt = (await response.text().catch(() => '')).slice(0, 200);
    throw new Error(`HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`);
  }
}

export type ChannelSenders = Partial<Record<NotificationChannel, ChannelSender>>;
