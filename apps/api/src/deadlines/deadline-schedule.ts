import { DeadlineWatcher, StandardChangeSuspensions } from '@change-ledger/change-requests';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';

export const DEADLINE_INTERVAL_MS = Symbol('DEADLINE_INTERVAL_MS');

/**
 * Runs the time-driven watchers every interval (every API replica may: each records once): the
 * deadline watcher, and the one that suspends a standard-change template whose change went wrong.
 */
@Injectable()
export class DeadlineSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineSchedule.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly watcher: DeadlineWatcher,
    @Inject(DEADLINE_INTERVAL_MS) private readonly intervalMs: number,
    @Optional() private readonly suspensions?: StandardChangeSuspensions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      // Each watcher on its own: one failing does not hold the other back.
      this.running = this.running
        .then(() => this.watcher.tick())
        .catch((error: unknown) =>
          this.logger.warn(`deadline watch failed; retried next interval: ${String(error)}`),
        )
        .then(() => this.suspensions?.tick())
        .catch((error: unknown) =>
          this.logger.warn(
            `standard-change suspension watch failed; retried next interval: ${String(error)}`,
          ),
        );
    }, this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
