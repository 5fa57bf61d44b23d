import { randomUUID } from 'node:crypto';
import { changeRequestStream } from '@change-ledger/domain';
import {
  InvalidAppendError,
  type NewEvent,
  type PostgresEventStore,
} from '@change-ledger/event-store';
import { useTestDatabase } from '../../../test/support/test-database';
import { ChangeRequestIds, type Creation } from './change-request-ids';

const YEAR = 2026;

const database = useTestDatabase();
const openStore = (): PostgresEventStore => database.writerStore();

function event(title: string, id: string = randomUUID()): NewEvent {
  return {
    id,
    type: 'ChangeRequestSubmitted',
    data: { title },
    metadata: {
      actor: { id: 'user-123', kind: 'user', roles: ['engineer'], authenticatedBy: 'api-token' },
      occurredAt: '2026-03-01T09:00:00Z',
      correlationId: randomUUID(),
      source: { kind: 'api', requestId: randomUUID() },
    },
  };
}

/** A creation whose answer is the id it got and the id of the event it appended. */
function creation(title: string, eventId?: string): Creation<{ id: string; eventId: string }> {
  return (changeRequestId) => {
    const first = event(title, eventId);
    return {
      append: {
        streamId: changeRequestStream(changeRequestId),
        events: [first],
        expectedRevision: 'no_stream',
      },
      created: () => ({ id: changeRequestId, eventId: first.id }),
    };
  };
}

const sequenceOf = (id: string) => Number(id.split('-')[2]);

describe('ChangeRequestIds', () => {
  describe('when creations arrive together in one process', () => {
    it('gives each its own consecutive number, in one append for all that waited', async () => {
      const store = openStore();
      const appends = jest.spyOn(store, 'appendToStreams');
      const ids = new ChangeRequestIds(store);

      const created = await Promise.all(
        Array.from({ length: 10 }, (_, index) => ids.create(YEAR, creation(`Change ${index}`))),
      );

      expect(created.map(({ id }) => sequenceOf(id)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 10 }, (_, index) => index + 1),
      );
      // The first starts a turn alone; the nine that arrived meanwhile share the next one.
      expect(appends).toHaveBeenCalledTimes(1);
      expect(appends.mock.calls[0]![0]).toHaveLength(9);
      for (const { id, eventId } of created) {
        const [stored] = await store.readStream(changeRequestStream(id));
        expect(stored!.id).toBe(eventId);
      }
    });
  });

  describe('when one creation of a turn cannot be appended', () => {
    it('refuses that one alone, and the others take the numbers without a gap', async () => {
      const store = openStore();
      const ids = new ChangeRequestIds(store);
      const attempts = Array.from({ length: 8 }, (_, index) =>
        ids.create(YEAR, creation(`Batch change ${index}`, index === 4 ? 'not-a-uuid' : undefined)),
      );
      const settled = await Promise.allSettled(attempts);

      expect(settled[4]).toEqual({
        status: 'rejected',
        reason: expect.any(InvalidAppendError) as unknown,
      });
      const numbers = settled
        .flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.id] : []))
        .map(sequenceOf)
        .sort((a, b) => a - b);
      // After the ten of the test above: 11 to 17, none skipped.
      expect(numbers).toEqual([11, 12, 13, 14, 15, 16, 17]);
    });
  });

  describe('when two replicas create at once', () => {
    it('answers every creation with a number of its own, dense across both', async () => {
      const replicas = [new ChangeRequestIds(openStore()), new ChangeRequestIds(openStore())];
      const created = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          replicas[index % 2]!.create(YEAR, creation(`Replica change ${index}`)),
        ),
      );
      const numbers = created.map(({ id }) => sequenceOf(id)).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 40 }, (_, index) => 18 + index));
      const store = openStore();
      for (const { id, eventId } of created) {
        const events = await store.readStream(changeRequestStream(id));
        expect(events.map((stored) => stored.id)).toEqual([eventId]);
      }
    });
  });
});
