import { changeRequestStream, formatChangeRequestId } from '@change-ledger/domain';
import {
  EVENT_STORE,
  type EventStore,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '@change-ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';

/** Replicas racing for the same numbers give up only after this many tries (never in practice). */
const ATTEMPTS = 200;

/**
 * Change ids of 004 (`CHG-2026-001`): dense per year, never reused, never burned.
 *
 * A number is taken by creating its change request: the first append to
 * `change-request-CHG-2026-007` must find no stream there, so the creation itself is the
 * reservation — there is no separate reservation that a crash could strand, and a number exists
 * exactly when its change does (an auditor sees no gaps). Within one process creations of a year
 * take their number one at a time (no contention); another replica that took the number first
 * makes the append fail, and the next free number is tried. The next free number is found by
 * galloping over the existing streams from a hint (numbers are dense, so it is the first one
 * without a stream), in O(log n) reads; a stream removed by retention still holds its number.
 */
@Injectable()
export class ChangeRequestIds {
  /** Per year: the number to try first, and the queue of creations waiting for theirs. */
  private readonly hints = new Map<number, number>();
  private readonly queues = new Map<number, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Runs `create` with the next free id of `year` until it succeeds; `create` appends the change
   * request's first events with expected revision `no_stream` and throws
   * WrongExpectedRevisionError when the id was taken meanwhile.
   */
  async withNextId<T>(year: number, create: (changeRequestId: string) => Promise<T>): Promise<T> {
    const previous = this.queues.get(year) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(() => this.take(year, create));
    this.queues.set(year, turn);
    try {
      return await turn;
    } finally {
      if (this.queues.get(year) === turn) this.queues.delete(year);
    }
  }

  private async take<T>(year: number, create: (changeRequestId: string) => Promise<T>): Promise<T> {
    let candidate = await this.firstFree(year, this.hints.get(year) ?? 1);
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await create(formatChangeRequestId(year, candidate));
        this.hints.set(year, candidate + 1);
        return created;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
        // Another replica took it: a little jitter keeps two replicas from marching in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 20)));
        candidate = await this.firstFree(year, candidate + 1);
      }
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
