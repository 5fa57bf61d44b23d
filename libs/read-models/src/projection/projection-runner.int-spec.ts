import { type CiFact } from '@change-ledger/domain';
import { pipelineRun } from '@change-ledger/domain/change-request/testing/specs';
import { type PostgresEventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { useTestDatabase, withClient } from '../../../../test/support/test-database';
import { ciEventsProjection } from '../ci-events/ci-events.projection';
import { appendCiReceipt } from '../testing/ci-receipts';
import { ProjectionRunner } from './projection-runner';

const database = useTestDatabase();
let store: PostgresEventStore;
let pool: Pool;
let runner: ProjectionRunner;

beforeAll(() => {
  store = database.writerStore();
  pool = database.rolePool('projection-runner test', 'ledger_projector');
  runner = new ProjectionRunner({ store, pool, projections: [ciEventsProjection] });
});

/** A pipeline run no change request claims, as CI reported it. */
const run = (id: string): CiFact =>
  pipelineRun({ source: 'ci-parking', id, occurredAt: '2026-11-20T09:00:00.000Z' });

/** A receipt as the ingestion handler writes it; `data` may be bent into what it would refuse. */
const receive = (id: string, bend?: (receipt: Record<string, unknown>) => void) =>
  appendCiReceipt(store, `ci-event-parking-${id}`, run(id), bend);

const recorded = async () =>
  withClient(database.url, async (client) =>
    (
      await client.query<{ event_id: string }>(
        `SELECT event_id FROM read_models.ci_events WHERE source = 'ci-parking' ORDER BY event_id`,
      )
    ).rows.map((row) => row.event_id),
  );

describe('ProjectionRunner', () => {
  describe('when an event in the middle of a batch cannot be applied', () => {
    it('parks it with the error and applies the others, then goes on with later events', async () => {
      await receive('a');
      // An old writer's receipt without a kind: the read model's NOT NULL column refuses it.
      await receive('poison', (receipt) => {
        (receipt.fact as Record<string, unknown>).kind = null;
      });
      await receive('b');

      await runner.catchUp(ciEventsProjection);
      expect(await recorded()).toEqual(['a', 'b']);
      const [parked, ...others] = await runner.parkedEvents();
      expect(others).toEqual([]);
      expect(parked).toMatchObject({
        projection: 'ci-events',
        streamId: 'ci-event-parking-poison',
        eventType: 'CiEventReceived',
        status: 'parked',
        attempts: 1,
        error: expect.stringMatching(/kind/),
      });
      expect((await runner.lag())[0]).toMatchObject({ eventsBehind: 0, parked: 1 });

      await receive('c');
      await runner.catchUp(ciEventsProjection);
      expect(await recorded()).toEqual(['a', 'b', 'c']);
    });
  });

  describe('when the projection is rebuilt', () => {
    it('rebuilds around the parked event instead of failing on it', async () => {
      await expect(runner.rebuild(ciEventsProjection)).resolves.toBeGreaterThanOrEqual(4);
      expect(await recorded()).toEqual(['a', 'b', 'c']);
      const parked = await runner.parkedEvents();
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({ status: 'parked', attempts: 2 });
    });
  });

  describe('when an operator skips a parked event', () => {
    it('records who and why, and it no longer counts as parked', async () => {
      const [parked] = await runner.parkedEvents();
      expect(
        await runner.skipParked('ci-events', parked!.eventId, {
          by: 'olga',
          reason: 'a receipt from before the kind was required',
        }),
      ).toBe(true);
      expect(await runner.skipParked('ci-events', parked!.eventId, { by: 'x', reason: 'y' })).toBe(
        false,
      );
      expect((await runner.parkedEvents())[0]).toMatchObject({ status: 'skipped' });
      expect((await runner.lag())[0]).toMatchObject({ parked: 0 });
    });
  });

  describe('when a large batch holds two poison events', () => {
    it('parks exactly those two and applies every other event of the batch', async () => {
      const big = new ProjectionRunner({
        store,
        pool,
        projections: [ciEventsProjection],
        batchSize: 1000,
      });
      const ids = Array.from({ length: 40 }, (_, k) => `bulk-${String(k).padStart(2, '0')}`);
      for (const id of ids) {
        await receive(id, (receipt) => {
          if (id === 'bulk-07' || id === 'bulk-31')
            (receipt.fact as Record<string, unknown>).kind = null;
        });
      }
      await big.catchUp(ciEventsProjection);
      const bulk = (await recorded()).filter((id) => id.startsWith('bulk-'));
      expect(bulk).toEqual(ids.filter((id) => id !== 'bulk-07' && id !== 'bulk-31'));
      const waiting = (await big.parkedEvents()).filter((parked) => parked.status === 'parked');
      expect(waiting.map((parked) => parked.streamId).sort()).toEqual([
        'ci-event-parking-bulk-07',
        'ci-event-parking-bulk-31',
      ]);
      expect((await big.lag())[0]).toMatchObject({ eventsBehind: 0, parked: 2 });
    });
  });
});
