import { changeRequestStream, formatChangeRequestId } from '@change-ledger/domain';
import {
  type AppendResult,
  EVENT_STORE,
  type EventStore,
  StreamDeletedError,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';

/** Replicas racing for the same numbers give up only after this many tries (never in practice). */
const ATTEMPTS = 200;

/** At most this many creations share one append (one transaction on PostgreSQL). */
const MAX_BATCH = 100;

/**
 * A creation under a given id: the append of its first events (expected revision `no_stream`),
 * and its answer once they are stored. Called again for another id if the first was taken.
 */
export type Creation<T> = (changeRequestId: string) => {
  append: StreamAppend;
  created(result: AppendResult): T;
};

interface Waiting {
  creation: Creation<unknown>;
  /** What `creation` gave per id: a retry under the same id appends the very same events. */
  prepared: Map<string, ReturnType<Creation<unknown>>>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Change ids of API-CHANGE-ID (`CHG-2026-001`): dense per year, never reused, never burned.
 *
 * A number is taken by creating its change request: the first append to
 * `change-request-CHG-2026-007` must find no stream there, so the creation itself is the
 * reservation — there is no separate reservation that a crash could strand, and a number exists
 * exactly when its change does (an auditor sees no gaps). The next free number is found by
 * galloping over the existing streams from a hint (numbers are dense, so it is the first one
 * without a stream), in O(log n) reads; a stream removed by retention still holds its number.
 *
 * Within one process the creations of a year are taken in turns, and every creation that arrived
 * while a turn was running goes into the next one together: consecutive numbers, one append of
 * all their streams (`appendToStreams`, one transaction on PostgreSQL). So concurrent creators
 * never contend for a number in one process, and a turn costs the same few round trips whether
 * it holds one creation or fifty (docs/adr/0016-api-throughput.md). Another replica that took a
 * number first makes the append fail: the turn's creations are then taken one at a time, each
 * first under the number it was given (with the same events, so an adapter that wrote part of
 * the batch answers it as a replay), then under the next free one. Nothing is answered 409.
 */
@Injectable()
export class ChangeRequestIds {
  /** Per year: the number to try first, and the creations waiting for the next turn. */
  private readonly hints = new Map<number, number>();
  private readonly waiting = new Map<number, Waiting[]>();
  private readonly turns = new Set<number>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Creates under the next free id of `year`; the answer of `creation` for the id it got. */
  create<T>(year: number, creation: Creation<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = this.waiting.get(year) ?? [];
      queue.push({
        creation,
        prepared: new Map(),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.waiting.set(year, queue);
      if (!this.turns.has(year)) void this.takeTurns(year);
    });
  }

  private async takeTurns(year: number): Promise<void> {
    this.turns.add(year);
    try {
      for (;;) {
        const queue = this.waiting.get(year);
        if (!queue || queue.length === 0) {
          this.waiting.delete(year);
          return;
        }
        const batch = queue.splice(0, MAX_BATCH);
        try {
          await this.createAll(year, batch);
        } catch (error) {
          // Only the unexpected lands here (createAll answers each creation itself).
          for (const creation of batch) creation.reject(error);
        }
      }
    } finally {
      this.turns.delete(year);
    }
  }

  /** One turn: consecutive numbers from the first free one, all in one append. */
  private async createAll(year: number, batch: Waiting[]): Promise<void> {
    const first = await this.firstFree(year, this.hints.get(year) ?? 1);
    const numbered: { waiting: Waiting; sequence: number; append: StreamAppend }[] = [];
    for (const waiting of batch) {
      const sequence = first + numbered.length;
      try {
        numbered.push({ waiting, sequence, append: prepare(waiting, year, sequence).append });
      } catch (error) {
        // This creation cannot be stated under any id: it alone is refused, and takes no number.
        waiting.reject(error);
      }
    }
    if (numbered.length === 0) return;
    if (numbered.length === 1) return this.createOne(year, numbered[0]!.waiting, first);
    let results: AppendResult[];
    try {
      results = await this.store.appendToStreams(numbered.map(({ append }) => append));
    } catch {
      // A number taken meanwhile by another replica, or one creation's append refused: each
      // creation gets its own answer, in turn. An adapter that is not atomic across streams
      // (EventStoreDB) may have written the first ones: those are answered as the replay of
      // their own events, the others take the next free numbers (so none is left as a gap).
      for (const { waiting, sequence } of numbered) {
        if (await this.holdsOwnEvents(waiting, year, sequence).catch(() => false))
          await this.createOne(year, waiting, sequence);
        else await this.createOne(year, waiting, await this.firstFree(year, first));
      }
      return;
    }
    this.hints.set(year, first + numbered.length);
    numbered.forEach(({ waiting, sequence }, index) =>
      settle(waiting, () => prepare(waiting, year, sequence).created(results[index]!)),
    );
  }

  /** Whether the stream of `sequence` starts with this creation's own events (written before). */
  private async holdsOwnEvents(waiting: Waiting, year: number, sequence: number) {
    const { append } = prepare(waiting, year, sequence);
    const [stored] = await this.store.readStream(append.streamId, { maxCount: 1 });
    return stored !== undefined && stored.id === append.events[0]?.id;
  }

  /** One creation, from `candidate` on, until a number is its own. */
  private async createOne(year: number, waiting: Waiting, candidate: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let result: AppendResult;
      try {
        const { append } = prepare(waiting, year, candidate);
        result = await this.store.appendToStream(append.streamId, append.events, {
          expectedRevision: append.expectedRevision,
        });
      } catch (error) {
        if (!isTaken(error) || attempt >= ATTEMPTS) return waiting.reject(error);
        // Another replica took it: a little jitter keeps two replicas from marching in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 20)));
        try {
          candidate = await this.firstFree(year, candidate + 1);
        } catch (readError) {
          return waiting.reject(readError);
        }
        continue;
      }
      this.hints.set(year, Math.max(this.hints.get(year) ?? 1, candidate + 1));
      return settle(waiting, () => prepare(waiting, year, candidate).created(result));
    }
  }

  /** The first number at or after `from` that has no change request. */
  private async firstFree(year: number, from: number): Promise<number> {
    if (!(await this.taken(year, from))) return from;
    let taken = from;
    let step = 1;
    for (;;) {
      const probe = taken + step;
      if (!(await this.taken(year, probe))) {
        // First free is in (taken, probe]: halve it.
        let [low, high] = [taken, probe];
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (await this.taken(year, middle)) low = middle;
          else high = middle;
        }
        return high;
      }
      taken = probe;
      step *= 2;
    }
  }

  private async taken(year: number, sequence: number): Promise<boolean> {
    try {
      const stream = changeRequestStream(formatChangeRequestId(year, sequence));
      return (await this.store.readStream(stream, { maxCount: 1 })).length > 0;
    } catch (error) {
      if (error instanceof StreamDeletedError) return true;
      throw error;
    }
  }
}

/** The creation under one id, stated once: a retry under that id appends the same events. */
function prepare(waiting: Waiting, year: number, sequence: number) {
  const id = formatChangeRequestId(year, sequence);
  let prepared = waiting.prepared.get(id);
  if (!prepared) {
    prepared = waiting.creation(id);
    waiting.prepared.set(id, prepared);
  }
  return prepared;
}

function settle(waiting: Waiting, answer: () => unknown): void {
  try {
    waiting.resolve(answer());
  } catch (error) {
    waiting.reject(error);
  }
}

/** The number is someone else's: a stream is there (or was, before retention removed it). */
function isTaken(error: unknown): boolean {
  return error instanceof WrongExpectedRevisionError || error instanceof StreamDeletedError;
}
