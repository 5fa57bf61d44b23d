import { type PostgresEventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { useTestDatabase } from '../../../../../test/support/test-database';
import { newEvent } from '../../../../event-store/src/testing/event-store.contract';
import { PostgresStreamHeads } from './stream-heads';

const event = () => newEvent('ChangeRequestSubmitted', { changeRequestId: 'CHG-2026-080' });

describe('PostgresStreamHeads', () => {
  const database = useTestDatabase();
  let store: PostgresEventStore;
  let pool: Pool;

  beforeAll(() => {
    store = database.writerStore();
    // The ingestor's role, as RecordCiFactModule connects.
    pool = database.rolePool('postgres-stream-heads test', 'ledger_writer');
  });

  it('answers the last revision of each stream in one call, and leaves out streams without events', async () => {
    await store.appendToStream('change-request-CHG-2026-080', [event(), event(), event()], {
      expectedRevision: 'no_stream',
    });
    await store.appendToStream('change-request-CHG-2026-081', [event()], {
      expectedRevision: 'no_stream',
    });
    const heads = new PostgresStreamHeads(pool);
    // Until it has seen the server once, it answers nothing (see below).
    expect(await heads.revisions(['change-request-CHG-2026-080'])).toEqual(new Map());

    const before = await heads.revisions([
      'change-request-CHG-2026-080',
      'change-request-CHG-2026-081',
      'change-request-CHG-2026-082',
    ]);
    await store.appendToStream('change-request-CHG-2026-081', [event()], { expectedRevision: 0 });
    const after = await heads.revisions(['change-request-CHG-2026-081']);

    expect(before).toEqual(
      new Map([
        ['change-request-CHG-2026-080', 2],
        ['change-request-CHG-2026-081', 0],
      ]),
    );
    expect(after).toEqual(new Map([['change-request-CHG-2026-081', 1]]));
    expect(await heads.revisions([])).toEqual(new Map());
  });

  it('answers nothing when the server is not the one it last asked (a restart, a failover)', async () => {
    const heads = new PostgresStreamHeads(pool);
    await heads.revisions(['change-request-CHG-2026-080']);
    expect(await heads.revisions(['change-request-CHG-2026-080'])).toEqual(
      new Map([['change-request-CHG-2026-080', 2]]),
    );
    // The start time it compares is the server's own, as a restarted or promoted one reports it.
    (heads as unknown as { serverStartedAt: string }).serverStartedAt = '2000-01-01 00:00:00+00';
    expect(await heads.revisions(['change-request-CHG-2026-080'])).toEqual(new Map());
    expect(await heads.revisions(['change-request-CHG-2026-080'])).toEqual(
      new Map([['change-request-CHG-2026-080', 2]]),
    );
  });
});
