import { type GlobalPosition, type RecordedEvent } from '../event-envelope';
import { type EventSubscription } from '../event-store.port';

export interface AppendListener {
  onAppend(wake: () => void): void;
  /** Called once, should the listening connection end or fail otherwise than by `close()`. */
  onLost(lost: () => void): void;
  close(): Promise<void>;
}

export interface PollingSubscriptionSource {
  readPage(after: GlobalPosition | undefined): Promise<RecordedEvent[]>;
  pageSize: number;
  after: GlobalPosition | undefined;
  /** LISTEN for appends; without it (it failed) the subscription still polls. */
  listen(): Promise<AppendListener>;
  pollIntervalMs: number;
  onStop(): void;
}

/**
 * A catch-up subscription over a paged reader of the global order: it reads pages until it is at
 * the head, then waits for a notification of an append or for the poll interval, whichever comes
 * first. The position advances only when the consumer asks for the next event, so a consumer that
 * stores its checkpoint with its own writes resumes exactly where it stopped.
 */
export class PollingSubscription implements EventSubscription {
  private stopped = false;
  private iterated = false;
  /** Set by a notification that arrives while a page is being read, so the wait after it is skipped. */
  private notified = false;
  private wake: (() => void) | undefined;
  private listener: AppendListener | undefined;

  constructor(private readonly source: PollingSubscriptionSource) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent> {
    if (this.iterated) throw new Error('A subscription can be iterated only once');
    this.iterated = true;
    let after = this.source.after;
    try {
      while (!this.stopped) {
        await this.ensureListening();
        this.notified = false;
        const page = await this.source.readPage(after);
        for (const event of page) {
          if (this.stopped) return;
          yield event;
          after = event.position;
        }
        if (page.length < this.source.pageSize) await this.idle();
      }
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.close().catch(() => undefined);
    this.source.onStop();
  }

  private async ensureListening(): Promise<void> {
    if (this.listener) return;
    try {
      const listener = await this.source.listen();
      this.listener = listener;
      listener.onAppend(() => {
        this.notified = true;
        this.wake?.();
      });
      listener.onLost(() => {
        if (this.listener !== listener) return;
        // Listen again on a new connection before the next read; read now, for what was missed.
        this.listener = undefined;
        void listener.close().catch(() => undefined);
        this.notified = true;
        this.wake?.();
      });
      if (this.stopped) await listener.close();
    } catch {
      this.listener = undefined; // polling alone still delivers everything, only later
    }
  }

  private async idle(): Promise<void> {
    if (this.notified || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.source.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
