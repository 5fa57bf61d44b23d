import { type EventSubscription, type RecordedEvent } from '@change-ledger/event-store';
import { EventBatches } from './event-batches';

/** A subscription fed by the test: `push` delivers events, `stop` ends it. */
function feed(): EventSubscription & { push: (...ids: string[]) => void } {
  const queue: RecordedEvent[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  return {
    push: (...ids) => {
      queue.push(...ids.map((id) => ({ id }) as RecordedEvent));
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      while (!stopped) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

const ids = (batch: Awaited<ReturnType<EventBatches['next']>>) =>
  batch.kind === 'events' ? batch.events.map((event) => event.id) : batch.kind;

describe('EventBatches', () => {
  describe('when many events are already there (catching up)', () => {
    it('hands them over in full batches, in order, none twice', async () => {
      const subscription = feed();
      subscription.push('a', 'b', 'c', 'd', 'e');
      const batches = new EventBatches(subscription, { maxEvents: 2, lingerMs: 50, quietMs: 50 });
      expect(ids(await batches.next())).toEqual(['a', 'b']);
      expect(ids(await batches.next())).toEqual(['c', 'd']);
      expect(ids(await batches.next())).toEqual(['e']);
    });
  });

  describe('when nothing arrives', () => {
    it('answers quiet, then the event that arrives after, then ended once stopped', async () => {
      const subscription = feed();
      const batches = new EventBatches(subscription, { maxEvents: 10, lingerMs: 5, quietMs: 20 });
      expect(ids(await batches.next())).toBe('quiet');
      // The read that was waiting when `quiet` was answered is kept: its event is not lost.
      setTimeout(() => subscription.push('late'), 5);
      expect(ids(await batches.next())).toEqual(['late']);
      await subscription.stop();
      expect(ids(await batches.next())).toBe('ended');
    });
  });

  describe('when events trickle in at the head', () => {
    it('waits up to the linger for company, then hands over what came', async () => {
      const subscription = feed();
      const batches = new EventBatches(subscription, {
        maxEvents: 10,
        lingerMs: 40,
        quietMs: 1000,
      });
      subscription.push('first');
      setTimeout(() => subscription.push('second'), 5);
      setTimeout(() => subscription.push('too late'), 200);
      expect(ids(await batches.next())).toEqual(['first', 'second']);
      expect(ids(await batches.next())).toEqual(['too late']);
    });
  });
});
