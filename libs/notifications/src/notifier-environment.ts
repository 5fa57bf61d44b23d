import { IntegrityEnvironment } from '@change-ledger/integrity';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';

/**
 * Where notifications go, shared by the configuration classes of the apps that run the notifier
 * (the projector, and the API when it hosts the projector). Who is told what is policy (the
 * policy file's `notifications`); servers, webhook URLs and secrets are here, never in the
 * policy (it is recorded as an event) nor in logs.
 */
export class NotifierEnvironment extends IntegrityEnvironment {
  /** The ledger's address for people, for the links in messages (e.g. https://ledger.example.com). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'LEDGER_PUBLIC_URL must be an http(s) URL' })
  LEDGER_PUBLIC_URL = 'http://localhost:3000';

  /** smtp://user:password@host:port (smtps:// for implicit TLS). */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'LEDGER_NOTIFY_SMTP_URL must be an smtp:// or smtps:// URL',
  })
  LEDGER_NOTIFY_SMTP_URL?: string;

  /** Slack incoming webhooks by channel: "#engineering=https://hooks.slack.com/…,#security=…". */
  @IsOptional()
  @Matches(/^#[\w.-]+=https:\/\/[^\s,]+(,#[\w.-]+=https:\/\/[^\s,]+)*$/, {
    message: 'LEDGER_NOTIFY_SLACK_WEBHOOKS must be #channel=https://… pairs separated by commas',
  })
  LEDGER_NOTIFY_SLACK_WEBHOOKS?: string;

  /** The generic webhook: every notification, signed with LEDGER_NOTIFY_WEBHOOK_SECRET. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'LEDGER_NOTIFY_WEBHOOK_URL must be an http(s) URL' })
  LEDGER_NOTIFY_WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'LEDGER_NOTIFY_WEBHOOK_SECRET must be at least 16 characters' })
  LEDGER_NOTIFY_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'LEDGER_NOTIFY_MAX_ATTEMPTS must be a whole number' })
  @Min(1)
  LEDGER_NOTIFY_MAX_ATTEMPTS: number = 8;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'LEDGER_NOTIFY_BACKOFF_MS must be a whole number of milliseconds' })
  @Min(1)
  LEDGER_NOTIFY_BACKOFF_MS: number = 30_000;
}

/** The notifier's endpoints and retry settings, read from a validated environment. */
export interface NotifierTransports {
  publicUrl: string;
  smtpUrl?: string;
  slackWebhooks: Record<string, string>;
  webhook?: { url: string; secret: string };
  maxAttempts: number;
  backoffMs: number;
}

export function notifierTransports(env: NotifierEnvironment): NotifierTransports {
  if (Boolean(env.LEDGER_NOTIFY_WEBHOOK_URL) !== Boolean(env.LEDGER_NOTIFY_WEBHOOK_SECRET)) {
    throw new Error(
      'Invalid configuration:\n  - LEDGER_NOTIFY_WEBHOOK_URL and LEDGER_NOTIFY_WEBHOOK_SECRET go together: a webhook is always signed',
    );
  }
  return {
    publicUrl: env.LEDGER_PUBLIC_URL,
    smtpUrl: env.LEDGER_NOTIFY_SMTP_URL,
    slackWebhooks: Object.fromEntries(
      (env.LEDGER_NOTIFY_SLACK_WEBHOOKS ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
    webhook:
      env.LEDGER_NOTIFY_WEBHOOK_URL && env.LEDGER_NOTIFY_WEBHOOK_SECRET
        ? { url: env.LEDGER_NOTIFY_WEBHOOK_URL, secret: env.LEDGER_NOTIFY_WEBHOOK_SECRET }
        : undefined,
    maxAttempts: env.LEDGER_NOTIFY_MAX_ATTEMPTS,
    backoffMs: env.LEDGER_NOTIFY_BACKOFF_MS,
  };
}
