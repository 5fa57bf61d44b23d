import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, bootTestApi } from '../support/test-api';
import { useTestDatabase, withClient } from '../support/test-database';

const body = (title: string) => ({
  title,
  description: `${title}, filed at the same instant as many others`,
  change_type: 'feature',
  priority: 'low',
  affected_systems: ['billing'],
  test_plan: 'unit tests',
  rollback_plan: completeRollbackPlan,
});

/** Change ids are dense, unique and never cost a 409, however many creates arrive at once. */
describe('creating change requests concurrently', () => {
  const database = useTestDatabase();
  let replicas: NestExpressApplication[];
  beforeAll(async () => {
    // Two API replicas on one ledger: in-process and cross-process races both.
    replicas = [
      await bootTestApi({ databaseUrl: database.url, runProjector: false }),
      await bootTestApi({ databaseUrl: database.url, runProjector: false }),
    ];
    for (const app of replicas) database.closeFirst(() => app.close());
  }, 60_000);

  it('answers 64 simultaneous creates with 64 × 201 and 64 consecutive ids', async () => {
    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, index) =>
        request(replicas[index % 2]!.getHttpServer())
          .post(`${API}/change-requests`)
          .set(bearer('requester'))
          .send(body(`Concurrent change ${index}`)),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(64).fill(201));
    const ids = answers.map((answer) => answer.body.change_request_id as string);
    expect(new Set(ids).size).toBe(64);
    const sequences = ids.map((id) => Number(id.split('-')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 64 }, (_, index) => index + 1));

    // The number is the change: every id has its stream, nothing else was reserved.
    const streams = await withClient(database.url, (client) =>
      client.query<{ streams: string }>(
        `SELECT count(DISTINCT stream_id) AS streams FROM ledger.events WHERE stream_id LIKE 'change-request-CHG-%'`,
      ),
    );
    expect(Number(streams.rows[0]!.streams)).toBe(64);
  });

  it('spends no number on a creation it refuses', async () => {
    await request(replicas[0]!.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      // Well-formed, so past the DTOs; the decider refuses a type the policy does not know.
      .send({ ...body('Unknown type'), change_type: 'teleportation' })
      .expect(400);
    const next = await request(replicas[1]!.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send(body('After a refusal'))
      .expect(201);
    expect(next.body.change_request_id).toMatch(/-065$/);
  });

  it('answers 10 concurrent creates on one replica with 10 × 201 and 10 distinct, consecutive ids', async () => {
    // One replica: the creations that arrive together share one turn (one append of all their
    // streams), each still with its own number and its own answer.
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        request(replicas[0]!.getHttpServer())
          .post(`${API}/change-requests`)
          .set(bearer('requester'))
          .send(body(`One replica, change ${index}`)),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    const ids = answers.map((answer) => answer.body.change_request_id as string);
    expect(new Set(ids).size).toBe(10);
    const sequences = ids.map((id) => Number(id.split('-')[2])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 10 }, (_, index) => 66 + index));
    // Each answer is its own change request's: the title it was sent with, under its id.
    for (const [index, answer] of answers.entries()) {
      const stored = await request(replicas[1]!.getHttpServer())
        .get(`${API}/change-requests/${answer.body.change_request_id}`)
        .set(bearer('requester'))
        .expect(200);
      expect(stored.body.title).toBe(`One replica, change ${index}`);
    }
  });
});
