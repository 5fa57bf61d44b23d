import { DeadlineWatcher } from '@change-ledger/change-requests';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, bootTestApi } from '../support/test-api';
import { useTestDatabase } from '../support/test-database';

const API = '/api/v1/change-management';

describe('Deadlines', () => {
  const database = useTestDatabase();
  let now = Date.parse('2025-06-02T09:00:00Z');
  const clock = { now: () => new Date(now) };
  const apps: NestExpressApplication[] = [];

  async function boot(): Promise<NestExpressApplication> {
    const app = await bootTestApi({ databaseUrl: database.url, clock });
    apps.push(app);
    database.closeFirst(() => app.close());
    return app;
  }

  const deadlineEvents = async (app: NestExpressApplication, id: string) => {
    const history = await request(app.getHttpServer())
      .get(`${API}/change-requests/${id}/history`)
      .set(bearer('auditor'))
      .expect(200);
    return history.body.history.filter(
      (entry: { event_type: string }) => entry.event_type === 'DeadlineMissed',
    );
  };
  it('records a passed approval timeout once, and never again, even after a restart', async () => {
    const first = await boot();
    const created = await request(first.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title: 'Upgrade Node',
        description: 'Node 22',
        change_type: 'feature',
        priority: 'high',
        affected_systems: ['api'],
      })
      .expect(201);
    const id = created.body.change_request_id as string;
    const watcher = first.get(DeadlineWatcher);
    await waitForReadModel(first, created.body.position);

    now += 23 * 60 * 60 * 1000; // 23 h: not yet (high priority: 24 h)
    expect(await watcher.tick()).toBe(0);
    now += 2 * 60 * 60 * 1000; // 25 h
    expect(await watcher.tick()).toBe(1);
    expect(await watcher.tick()).toBe(0);
    expect(await deadlineEvents(first, id)).toEqual([
      expect.objectContaining({ user: 'change-ledger-deadlines', details: 'Deadline Missed' }),
    ]);

    const restarted = await boot();
    expect(await restarted.get(DeadlineWatcher).tick()).toBe(0);
    expect(await deadlineEvents(restarted, id)).toHaveLength(1);

    const queue = await request(first.getHttpServer())
      .get(`${API}/approvals/pending`)
      .query({ role: 'qa' })
      .set(bearer('qa'))
      .expect(200);
    await expect(
      eventually(
        async () =>
          (
            await request(first.getHttpServer())
              .get(`${API}/approvals/pending`)
              .query({ role: 'qa' })
              .set(bearer('qa'))
          ).body.pending[0]?.escalated,
      ),
    ).resolves.toBe(true);
    expect(queue.body.pending[0]).toMatchObject({ change_request_id: id, overdue: true });
  });

  it('records it once when two replicas watch at the same moment', async () => {
    const [a, b] = [apps[0]!, apps[1]!];
    const created = await request(a.getHttpServer())
      .post(`${API}/change-requests`)
      .set(bearer('requester'))
      .send({
        title: 'Rotate keys',
        description: 'yearly',
        change_type: 'configuration',
        priority: 'high',
        affected_systems: ['kms'],
      })
      .expect(201);
    await waitForReadModel(a, created.body.position);
    now += 25 * 60 * 60 * 1000;
    const recorded = await Promise.all([
      a.get(DeadlineWatcher).tick(),
      b.get(DeadlineWatcher).tick(),
    ]);
    expect(recorded[0] + recorded[1]).toBe(1);
    expect(await deadlineEvents(a, created.body.change_request_id)).toHaveLength(1);
  });

  async function waitForReadModel(app: NestExpressApplication, position: string) {
    await request(app.getHttpServer())
      .get(`${API}/change-requests`)
      .query({ min_position: position })
      .set(bearer('auditor'))
      .expect(200);
  }
});

async function eventually<T>(read: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
