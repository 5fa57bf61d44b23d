import { DeadlineWatcher } from '@change-ledger/change-requests';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

export const DEADLINE_INTERVAL_MS = Symbol('DEADLINE_INTERVAL_MS');

/** Runs the deadline watcher every interval (every API replica may: it records each deadline once). */
@Injectable()
export class DeadlineSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineSchedule.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly watcher: DeadlineWatcher,
    @Inject(DEADLINE_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.watcher.tick())
        .catch((error: unknown) =>
          this.logger.warn(`deadline watch failed; retried next interval: ${String(error)}`),
        );
    }, this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
