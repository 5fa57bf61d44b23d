import { Logger } from '@nestjs/common';

const logger = new Logger('PostgreSQL');

/**
 * Wakes the subscribers of every process after appends have committed, from outside the appends'
 * transactions. A NOTIFY takes PostgreSQL's notify-queue lock at commit and holds it until the
 * commit is flushed, so a notification sent by each append's own transaction (the old trigger)
 * queued every writer behind every other. Here at most one notification per store is in flight;
 * appends that commit meanwhile get one more after it, so the last append is always followed by
 * a notification that was sent after it committed. A lost one (the process dies between commit
 * and notify, the connection drops) only delays subscribers until their next poll.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private again = false;
  private failing = false;
  private closed = false;

  constructor(private readonly send: () => Promise<unknown>) {}

  /** Called after an append committed. Never waits and never throws. */
  wake(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.send()
      .then(
        () => {
          this.failing = false;
        },
        (error: unknown) => {
          if (this.failing) return;
          this.failing = true;
          logger.warn(
            `could not notify subscribers of an append (${error instanceof Error ? error.message : String(error)}); they poll until it works again`,
          );
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Sends what is pending, then accepts no more: before the connections close. */
  async close(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.closed = true;
  }
}
