import { createPool, EVENT_STORE, type EventStore } from '@change-ledger/event-store';
import { type NotificationChannel, type NotificationPolicy } from '@change-ledger/policy';
import { ProjectionRunner } from '@change-ledger/read-models';
import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Pool } from 'pg';
import { type ChannelSenders, emailSender, slackSender, webhookSender } from './delivery/channels';
import { OutboxDispatcher } from './delivery/outbox-dispatcher';
import { type NotifierTransports } from './notifier-environment';
import { notificationPlanner } from './plan/notification-planner';

export const NOTIFICATION_PLANNER_RUNNER = Symbol('NOTIFICATION_PLANNER_RUNNER');
export const OUTBOX_DISPATCHER = Symbol('OUTBOX_DISPATCHER');
const NOTIFIER_POOL = Symbol('NOTIFIER_POOL');
const SENDERS = Symbol('SENDERS');

export interface NotifierModuleOptions {
  readModelsUrl: string;
  policy: NotificationPolicy;
  transports: NotifierTransports;
  pollIntervalMs?: number;
}

/** The senders the configuration gives; a channel without one is not planned for. */
export function sendersFor(
  policy: NotificationPolicy,
  transports: NotifierTransports,
): ChannelSenders {
  return {
    ...(transports.smtpUrl
      ? { email: emailSender({ smtpUrl: transports.smtpUrl, from: policy.emailFrom }) }
      : {}),
    ...(Object.keys(transports.slackWebhooks).length > 0
      ? { slack: slackSender(transports.slackWebhooks) }
      : {}),
    ...(transports.webhook ? { webhook: webhookSender(transports.webhook) } : {}),
  };
}

/**
 * The notifier, hosted in the projector process: the planner follows the event store (never the
 * in-memory bus) and fills the outbox; the dispatcher sends it with retries. Started and stopped
 * with the app.
 */
@Module({})
export class NotifierModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotifierModule.name);

  constructor(
    @Inject(NOTIFICATION_PLANNER_RUNNER) private readonly planner: ProjectionRunner,
    @Inject(OUTBOX_DISPATCHER) private readonly dispatcher: OutboxDispatcher,
    @Inject(SENDERS) private readonly senders: ChannelSenders,
    @Inject(NOTIFIER_POOL) private readonly pool: Pool,
  ) {}

  static forRoot(options: NotifierModuleOptions): DynamicModule {
    const { policy, transports } = options;
    return {
      module: NotifierModule,
      providers: [
        {
          provide: NOTIFIER_POOL,
          // A dropped connection fails the query that used it; the loops retry. (Its checked-out
          // connections had no listener once: a PostgreSQL restart ended the projector, issue 23.)
          useFactory: () =>
            createPool('notifier (ledger_projector)', {
              connectionString: options.readModelsUrl,
              options: '-c role=ledger_projector',
              max: 5,
            }),
        },
        { provide: SENDERS, useFactory: () => sendersFor(policy, transports) },
        {
          provide: NOTIFICATION_PLANNER_RUNNER,
          inject: [EVENT_STORE, NOTIFIER_POOL, SENDERS],
          useFactory: (store: EventStore, pool: Pool, senders: ChannelSenders) =>
            new ProjectionRunner({
              store,
              pool,
              pollIntervalMs: options.pollIntervalMs,
              projections: [
                notificationPlanner(store, {
                  policy,
                  publicUrl: transports.publicUrl,
                  configured: new Set(Object.keys(senders) as NotificationChannel[]),
                  slackChannels: new Set(Object.keys(transports.slackWebhooks)),
                }),
              ],
            }),
        },
        {
          provide: OUTBOX_DISPATCHER,
          inject: [NOTIFIER_POOL, SENDERS],
          useFactory: (pool: Pool, senders: ChannelSenders) =>
            new OutboxDispatcher({
              pool,
              senders,
              maxAttempts: transports.maxAttempts,
              backoffMs: transports.backoffMs,
              pollIntervalMs: options.pollIntervalMs,
            }),
        },
      ],
      exports: [NOTIFICATION_PLANNER_RUNNER, OUTBOX_DISPATCHER],
    };
  }

  onApplicationBootstrap(): void {
    const unsent = ['email', 'slack', 'webhook'].filter((channel) => !(channel in this.senders));
    if (unsent.length > 0) {
      this.logger.warn(
        `notifications: nothing configured to send ${unsent.join(', ')}; not planned`,
      );
    }
    this.planner.start();
    this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.planner.stop();
    await this.dispatcher.stop();
    for (const sender of Object.values(this.senders)) sender.close?.();
    await this.pool.end();
  }
}
