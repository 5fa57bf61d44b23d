import { createPool, PostgresEventStore } from '@change-ledger/event-store';
import { changeRequestsProjection, ProjectionRunner } from '@change-ledger/read-models';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { API, lowPriorityChange } from '../support/change-request-fixtures';
import { bearer, bootTestApi, useTestApi } from '../support/test-api';

/** Creations per writer; a stress run raises it (`RYW_ROUNDS=100`, two copies side by side). */
const ROUNDS = Number(process.env.RYW_ROUNDS ?? 5);

/**
 * Read-your-writes (ADR 0004): the `position` a create answers, given back as `min_position`,
 * lists the change at once — right after boot, from another replica, while many write at once
 * (creations sharing one append), behind a backlog the projector is still catching up on, and
 * while the projection is rebuilt and swapped under the readers. Nothing here waits or sleeps:
 * every read is made the moment its write is answered.
 */
describe('reading one’s own write with min_position', () => {
  const api = useTestApi();
  let replica: NestExpressApplication;
  beforeAll(async () => {
    // A second API on the same ledger without a projector: its writes are read through the first.
    replica = await bootTestApi({ databaseUrl: api.database.url, runProjector: false });
    api.closeFirst(() => replica.close());
  }, 60_000);
  const misses: string[] = [];
  afterEach(() => {
    expect(misses).toEqual([]);
    misses.length = 0;
  });

  /** Creates through `writer`, then at once lists it through `reader`; a miss is recorded. */
  async function createAndList(
    tag: string,
    writer: NestExpressApplication = api.app,
    reader: NestExpressApplication = api.app,
  ): Promise<void> {
    // A word of its own, so that the text search finds this change alone among the others.
    const word = `rywmark${tag}`;
    const today = () => new Date().toISOString().slice(0, 10);
    // The day of the write's start to the day of its answer (a `to` date includes its day): midnight too.
    const from = today();
    const created = await request(writer.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({ ...lowPriorityChange, title: `Change ${word}` })
      .expect(201);
    const { change_request_id: id, position } = created.body as {
      change_request_id: string;
      position: string;
    };
    const listed = await request(reader.getHttpServer())
      .get(`${API}/change-requests`)
      .query({ from, to: today(), q: word, min_position: position })
      .set(bearer('auditor'));
    const ids = ((listed.body.items ?? []) as { change_request_id: string }[]).map(
      (item) => item.change_request_id,
    );
    if (listed.status !== 200 || !ids.includes(id))
      misses.push(`${id} at ${position}: ${listed.status} ${JSON.stringify(listed.body)}`);
  }

  const writers = (count: number, write: (writer: number, round: number) => Promise<void>) =>
    Promise.all(
      Array.from({ length: count }, async (_, writer) => {
        for (let round = 0; round < ROUNDS; round++) await write(writer, round);
      }),
    );

  it('lists the first change created after boot', async () => {
    await createAndList('boot');
  });

  it('lists every change while four writers on two replicas create at once', async () => {
    await writers(4, (writer, round) =>
      writer % 2 === 0
        ? createAndList(`w${writer}r${round}`)
        : createAndList(`w${writer}r${round}`, replica, api.app),
    );
  }, 120_000);

  it('lists the first changes created through a projector that boots behind a backlog', async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        request(replica.getHttpServer())
          .post(`${API}/change-requests`)
          .set(bearer('requester'))
          .send({ ...lowPriorityChange, title: `Backlog ${n}` })
          .expect(201),
      ),
    );
    const booted = await bootTestApi({ databaseUrl: api.database.url });
    try {
      await Promise.all(
        Array.from({ length: 4 }, (_, k) => createAndList(`backlog${k}`, booted, booted)),
      );
    } finally {
      await booted.close();
    }
  }, 120_000);

  it('lists every change while the projection is rebuilt and swapped under the readers', async () => {
    const store = new PostgresEventStore({
      connectionString: api.database.url,
      role: 'ledger_writer',
    });
    const pool = createPool('read-your-writes rebuild', {
      connectionString: api.database.url,
      options: '-c role=ledger_projector',
    });
    const runner = new ProjectionRunner({ store, pool, projections: [changeRequestsProjection] });
    let rebuilt = 0;
    let writing = true;
    let rebuilding: Promise<void> = Promise.resolve();
    try {
      rebuilding = (async () => {
        while (writing) {
          await runner.rebuild(changeRequestsProjection);
          rebuilt++;
        }
      })();
      // Until a rebuild that started while they wrote has been swapped in, at least.
      await Promise.all(
        Array.from({ length: 2 }, async (_, writer) => {
          for (let round = 0; round < ROUNDS || rebuilt < 2; round++)
            await createAndList(`rebuild${writer}r${round}`);
        }),
      ).finally(() => (writing = false));
      await rebuilding;
    } finally {
      writing = false;
      await rebuilding.catch(() => undefined);
      await runner.stop();
      await store.close();
      await pool.end();
    }
  }, 120_000);
});
