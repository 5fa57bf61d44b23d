import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { Kafka, type Producer } from 'kafkajs';
import { describe } from '../log/sequencer';

/** A signed checkpoint on its way out: where auditors and witnesses keep it. */
export interface PublishedCheckpoint {
  size: number;
  origin: string;
  note: string;
}

/** One place a checkpoint goes. `publish` throws when it did not get there; it is retried. */
export interface CheckpointTarget {
  readonly name: string;
  publish(checkpoint: PublishedCheckpoint): Promise<void>;
  close?(): Promise<void>;
}

/** `<dir>/<size>.checkpoint` and `<dir>/latest`, each written whole (temp file, then rename). */
export function directoryTarget(dir: string): CheckpointTarget {
  const writeWhole = async (file: string, text: string) => {
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  };
  return {
    name: `directory ${dir}`,
    publish: async (checkpoint) => {
      await mkdir(dir, { recursive: true });
      await writeWhole(path.join(dir, `${checkpoint.size}.checkpoint`), checkpoint.note);
      await writeWhole(path.join(dir, 'latest'), checkpoint.note);
    },
  };
}

/** An HTTP POST of the note (text/plain) to a witness; anything but 2xx is a failure. */
export function webhookTarget(url: string): CheckpointTarget {
  return {
    name: `witness ${new URL(url).origin}`,
    publish: async (checkpoint) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: checkpoint.note,
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`the witness answered ${response.status}`);
    },
  };
}

/** A record per checkpoint on a Kafka topic, keyed by the log's origin, the note as value. */
export function kafkaTarget(brokers: string[], topic: string): CheckpointTarget {
  const kafka = new Kafka({ clientId: 'change-ledger-checkpoints', brokers, logLevel: 1 });
  let producer: Producer | undefined;
  return {
    name: `kafka ${topic}`,
    publish: async (checkpoint) => {
      if (!producer) {
        const created = kafka.producer({ allowAutoTopicCreation: true });
        await created.connect();
        producer = created;
      }
      await producer.send({
        topic,
        messages: [
          {
            key: checkpoint.origin,
            value: checkpoint.note,
            headers: { 'tree-size': String(checkpoint.size) },
          },
        ],
      });
    },
    close: async () => {
      await producer?.disconnect();
    },
  };
}

/**
 * Hands each checkpoint to every target in the background, retrying a failed one with growing
 * pauses until it gets there or the process stops: a witness that is down never holds up the
 * sequencer or the next checkpoint. Only the newest pending checkpoint per target is kept, since
 * it is consistent with (and so vouches for) every older one.
 */
export class CheckpointPublisher {
  private readonly logger = new Logger(CheckpointPublisher.name);
  private readonly pending = new Map<CheckpointTarget, PublishedCheckpoint>();
  private readonly running = new Map<CheckpointTarget, Promise<void>>();
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly targets: readonly CheckpointTarget[],
    private readonly retry = { firstMs: 1000, maxMs: 60_000 },
  ) {}

  publish(checkpoint: PublishedCheckpoint): void {
    for (const target of this.targets) {
      this.pending.set(target, checkpoint);
      if (!this.running.has(target)) {
        const run = this.drain(target).finally(() => this.running.delete(target));
        this.running.set(target, run);
      }
    }
  }

  /** Resolves once every pending checkpoint got out (tests), or when stopped. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await Promise.allSettled([...this.running.values()]);
    for (const target of this.targets) {
      await target.close?.().catch((error: unknown) => {
        this.logger.warn(`closing ${target.name}: ${describe(error)}`);
      });
    }
  }

  private async drain(target: CheckpointTarget): Promise<void> {
    let pauseMs = this.retry.firstMs;
    while (!this.stopped) {
      const checkpoint = this.pending.get(target);
      if (!checkpoint) return;
      try {
        await target.publish(checkpoint);
        if (this.pending.get(target) === checkpoint) this.pending.delete(target);
        pauseMs = this.retry.firstMs;
      } catch (error) {
        this.logger.warn(
          `checkpoint ${checkpoint.size} not yet published to ${target.name}, retrying in ${pauseMs} ms: ${describe(error)}`,
        );
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, pauseMs);
        });
        pauseMs = Math.min(pauseMs * 2, this.retry.maxMs);
      }
    }
  }
}
