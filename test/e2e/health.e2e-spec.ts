import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('API health', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function boot(connectionString: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ApiModule.forRoot({
          eventStore: { kind: 'postgres', connectionString, role: 'ledger_writer', migrate: false },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    return app;
  }

  describe('when the event store answers', () => {
    it('reports ok without credentials', async () => {
      const app = await boot(database.url);
      try {
        await request(app.getHttpServer())
          .get('/health')
          .expect(200, { status: 'ok', eventStore: 'up' });
      } finally {
        await app.close();
      }
    });
  });

  describe('when the event store is down', () => {
    it('reports 503', async () => {
      const unreachable = 'postgres://postgres:postgres@127.0.0.1:1/postgres';
      const app = await boot(unreachable);
      try {
        const response = await request(app.getHttpServer()).get('/health').expect(503);
        expect(response.body).toMatchObject({ status: 'unavailable', eventStore: 'down' });
      } finally {
        await app.close();
      }
    });
  });
});
