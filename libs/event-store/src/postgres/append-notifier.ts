import { Logger } from '@nestjs/common';

const logger = new Logger('PostgreSQL');

/**
 * Wakes the subscribers of every process after appends have committed, from outside the appends'
 * transactions. A NOTIFY takes PostgreSQL's notify-queue lock at commit and holds it until the
 * commit is flushed, so a notification sent by each append's own transaction (the old trigger)
 * queued every writer behind every other.
 *
 * Here one notification covers every append that committed before it was sent: the first append
 * after a quiet spell is announced at once; appends that commit while one is in flight, or within
 * `minIntervalMs` of the last one, are announced together by one more, at most `minIntervalMs`
 * later. So the last append is always followed by a notification sent after it committed, and a
 * busy writer sends a bounded number of them. A lost one (the process dies between commit and
 * notify, the connection drops) only delays subscribers until their next poll.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending = false;
  private lastSentAt = -Infinity;
  private failing = false;
  private closed = false;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly minIntervalMs: number,
  ) {}

  /** Called after an append committed. Never waits and never throws. */
  wake(): void {
    if (this.closed) return;
    this.pending = true;
    this.schedule();
  }

  /** Sends what is pending, then accepts no more: before the connections close. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight) await this.inFlight;
    if (this.pending) await this.sendNow();
  }

  private schedule(): void {
    if (!this.pending || this.inFlight || this.timer || this.closed) return;
    const wait = this.lastSentAt + this.minIntervalMs - performance.now();
    if (wait <= 0) {
      void this.sendNow();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
  }

  private sendNow(): Promise<void> {
    this.pending = false;
    this.lastSentAt = performance.now();
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
        this.schedule();
      });
    return this.inFlight;
  }
}
