import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

/**
 * PostgreSQL dropping the API's connections (a restart, a failover, an administrator) must read
 * as "unavailable, try again" (503), never as a bug (500); and the API recovers by itself.
 */
describe('when PostgreSQL drops every connection of the API', () => {
  const api = useTestApi({ runProjector: false });

  const terminateConnections = () =>
    withClient(api.database.url, (client) =>
      client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      ),
    );

  it('answers 503 or succeeds while they are cut, and then succeeds', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Requests in flight while the server ends their connections.
      const inFlight = Array.from({ length: 8 }, (_, index) =>
        request(api.app.getHttpServer())
          .post(`${API}/change-requests`)
          .set(bearer('requester'))
          .send({
            title: `During a restart ${round}-${index}`,
            description: 'Filed while PostgreSQL ends connections',
            change_type: 'feature',
            priority: 'low',
            affected_systems: ['billing'],
            rollback_plan: completeRollbackPlan,
          })
          .then((answer) => answer.status),
      );
      await terminateConnections();
      statuses.push(...(await Promise.all(inFlight)));
    }
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    const after = await request(api.app.getHttpServer())
      .get(`${API}/change-requests/CHG-2030-999`)
      .set(bearer('auditor'));
    expect(after.status).toBe(404);
  }, 60_000);
});
