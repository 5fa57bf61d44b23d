import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { API, completeRollbackPlan } from './change-request-fixtures';
import { bearer, type movableClock, type Person } from './test-api';

/**
 * A known population for the dashboards (the built-in page and Grafana's panels), recorded
 * through the API so that the read models hold exactly what the projector makes of it:
 *   overdue  high, pending for 25 h (due after 24 h): every approver role overdue
 *   shipped  high, approved in 1.5 h, implemented, verified, completed
 *   reverted medium, approved, implemented, rolled back with incident INC-1 (P2)
 *   urgent   emergency, implemented before approval (its 24 h and 5-business-day clocks run)
 *   waiting  low, pending (change manager, engineering manager, QA)
 *   and one production deployment of `billing` that no change covers (unauthorized).
 */
export interface DashboardPopulation {
  overdue: string;
  shipped: string;
  reverted: string;
  urgent: string;
  waiting: string;
  /** Position of the last write: read models have it once a read with min_position answers. */
  position: string;
}

export async function recordDashboardPopulation(
  app: NestExpressApplication,
  clock: ReturnType<typeof movableClock>,
): Promise<DashboardPopulation> {
  const http = () => request(app.getHttpServer());
  let position = '';
  const post = async (path: string, who: Person, body: object): Promise<Record<string, string>> => {
    const response = await http().post(`${API}/change-requests${path}`).set(bearer(who)).send(body);
    if (response.status >= 300)
      throw new Error(`${path} as ${who}: ${response.status} ${JSON.stringify(response.body)}`);
    position = response.body.position ?? position;
    return response.body;
  };
  const create = async (title: string, priority: string, affectedSystem: string) =>
    (
      await post('', 'requester', {
        title,
        description: `${title}: a change of the dashboards' population`,
        change_type: 'feature',
        priority,
        affected_systems: [affectedSystem],
        test_plan: 'The suite CI runs',
        rollback_plan: completeRollbackPlan,
      })
    ).change_request_id!;
  const approveAll = async (id: string, who: Person[]) => {
    for (const person of who) await post(`/${id}/approve`, person, { approved: true });
  };

  const overdue = await create('Rotate the database credentials', 'high', 'database');
  clock.advance(25 * 60);

  const shipped = await create('Implement MFA for admin access', 'high', 'authentication-service');
  await approveAll(shipped, ['securityTeam', 'manager', 'changeManager']);
  clock.advance(90);
  await approveAll(shipped, ['qa']);
  await post(`/${shipped}/implement`, 'implementer', {});
  clock.advance(30);
  await post(`/${shipped}/verify`, 'implementer', { outcome: 'passed', monitoring_minutes: 30 });
  clock.advance(30);
  await post(`/${shipped}/complete`, 'implementer', { status: 'completed' });

  const reverted = await create('New search ranking', 'medium', 'search');
  await approveAll(reverted, ['manager', 'changeManager', 'qa']);
  await post(`/${reverted}/implement`, 'implementer', {});
  clock.advance(60);
  await post(`/${reverted}/rollback`, 'implementer', {
    reason: 'Search latency doubled',
    incident_id: 'INC-1',
    severity: 'P2',
  });

  const urgent = (
    await post('/emergency', 'requester', {
      title: 'Block the credential-stuffing botnet',
      description: 'Firewall rule against an active attack',
      change_type: 'security',
      priority: 'critical',
      affected_systems: ['edge'],
    })
  ).change_request_id!;
  await post(`/${urgent}/implement`, 'implementer', {});

  const waiting = await create('Upgrade the log shipper', 'low', 'logging');

  const ingested = await http().post('/api/v1/ingest/events').set(bearer('pipeline')).send({
    source: 'https://ci.example/billing',
    id: 'deploy-1',
    type: 'deployment',
    occurred_at: clock.now().toISOString(),
    environment: 'production',
    service: 'billing',
    actor: 'someone@example.com',
  });
  if (ingested.status !== 202) throw new Error(`ingest: ${JSON.stringify(ingested.body)}`);

  // The read models have it all: min_position waits for the change requests' projection; the
  // CI facts' projection runs beside it, so its row is waited for.
  await http()
    .get(`${API}/change-requests`)
    .query({ min_position: position })
    .set(bearer('auditor'))
    .expect(200);
  const day = { from: '2000-01-01', to: '2100-01-01' };
  for (let attempt = 0; ; attempt += 1) {
    const unauthorized = await http()
      .get(`${API}/unauthorized-changes`)
      .query(day)
      .set(bearer('auditor'))
      .expect(200);
    if (unauthorized.body.unauthorized_changes.length === 1) break;
    if (attempt > 100) throw new Error('the unauthorized deployment never reached the read model');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { overdue, shipped, reverted, urgent, waiting, position };
}
