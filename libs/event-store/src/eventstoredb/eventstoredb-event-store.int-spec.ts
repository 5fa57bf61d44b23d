import { eventStoreContract } from '../testing/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * The contract suite on EventStoreDB / KurrentDB. It runs where EVENTSTORE_URL is set or a
 * Docker engine answers (test/support/test-eventstoredb.ts); elsewhere it is reported as skipped,
 * with the reason, and never counted as passing.
 */
const url = process.env.CHANGE_LEDGER_TEST_EVENTSTORE_URL;
const skipped =
  process.env.CHANGE_LEDGER_TEST_EVENTSTORE_SKIPPED ?? 'the test services were not started';

if (url) {
  eventStoreContract('EventStoreDB', async () => {
    const clock = { now: new Date('2026-01-01T00:00:00Z') };
    const store = new EventStoreDbEventStore({ connectionString: url, clock: () => clock.now });
    return {
      store,
      clock,
      retention: store,
      // EventStoreDB has no transaction to hold open: a slow writer is a late append, and an
      // abandoned one never reaches the store.
      appendSlowly: async (streamId, events, { expectedRevision, holdMs, abort }) => {
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        if (!abort) await store.appendToStream(streamId, events, { expectedRevision });
      },
      close: () => store.close(),
    };
  });
} else {
  console.warn(`EventStoreDB contract suite SKIPPED: ${skipped}`);
  describe('EventStore contract: EventStoreDB', () => {
    it.skip(`SKIPPED: ${skipped}`, () => undefined);
  });
}
