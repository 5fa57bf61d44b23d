import request from 'supertest';
import { bootTestApi } from '../support/test-api';
import { createTestDatabase, useTestDatabase } from '../support/test-database';

describe('API health', () => {
  const database = useTestDatabase();

  describe('when the event store answers', () => {
    it('reports ok without credentials', async () => {
      const app = await bootTestApi({ databaseUrl: database.url });
      try {
        await request(app.getHttpServer())
          .get('/health')
          .expect(200, { status: 'ok', eventStore: 'up' });
      } finally {
        await app.close();
      }
    });
  });

  describe('when the event store goes away after start-up', () => {
    // A database of its own, migrated, and an API booted inside the test: on a loaded machine
    // that takes more than jest's default 5 s.
    it('reports 503', async () => {
      const doomed = await createTestDatabase();
      const app = await bootTestApi({ databaseUrl: doomed.url });
      try {
        await doomed.drop();
        const response = await request(app.getHttpServer())
          .get('/health')
          .expect(503)
          .expect('content-type', /application\/problem\+json/);
        expect(response.body).toMatchObject({
          status: 503,
          detail: 'The event store does not answer',
        });
      } finally {
        await app.close();
      }
    }, 60_000);
  });

  describe('when the store cannot be reached at start-up', () => {
    it('does not start', async () => {
      await expect(
        bootTestApi({ databaseUrl: 'postgres://postgres:postgres@127.0.0.1:1/postgres' }),
      ).rejects.toThrow();
    });
  });
});
