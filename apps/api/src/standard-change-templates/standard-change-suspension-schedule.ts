import { StandardChangeSuspensions } from '@change-ledger/change-requests';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DEADLINE_INTERVAL_MS } from '../deadlines/deadline-schedule';

/**
 * Runs the suspension watcher on the deadlines' interval (every API replica may: a template is
 * suspended once per instance). 0: never by itself (tests call the watcher).
 */
@Injectable()
export class StandardChangeSuspensionSchedule
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(StandardChangeSuspensionSchedule.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly suspensions: StandardChangeSuspensions,
    @Inject(DEADLINE_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.suspensions.tick())
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
