import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer } from './test-api';

export const API = '/api/v1/change-management';

/** A rollback plan with the five parts of SOC-ROLLBACK-PLAN, as the API takes it. */
export const completeRollbackPlan = {
  trigger_condition: 'errors',
  steps: ['revert'],
  owner: 'engineer-456',
  verification_steps: ['check'],
  time_estimate_minutes: 10,
};

/** A low-priority configuration change: the engineering manager alone approves it. */
export const lowPriorityChange = {
  title: 'TLS ciphers',
  description: 'Drop TLS 1.1',
  change_type: 'configuration',
  priority: 'low',
  affected_systems: ['edge'],
};

/** Files `body` as the requester; its id and the position of its first event. */
export async function createChangeRequest(
  app: NestExpressApplication,
  body: object = lowPriorityChange,
): Promise<{ id: string; position: string }> {
  const created = await request(app.getHttpServer())
    .post(`${API}/change-requests`)
    .set(bearer('requester'))
    .send(body)
    .expect(201);
  return { id: created.body.change_request_id, position: created.body.position };
}

/**
 * A high-priority security change, approved by its four roles, that registered `links`; returns
 * once the read model holds the approval (what the tests then read back from it).
 */
export async function createApprovedChange(
  app: NestExpressApplication,
  content: { title: string; links: Record<string, string> },
): Promise<string> {
  const http = () => request(app.getHttpServer());
  const created = await http()
    .post(`${API}/change-requests`)
    .set(bearer('requester'))
    .send({
      title: content.title,
      description: `${content.title}, as CI will deploy it`,
      change_type: 'security',
      priority: 'high',
      affected_systems: ['authentication-service'],
      test_plan: 'The suite CI runs',
      rollback_plan: completeRollbackPlan,
      links: content.links,
    });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const id: string = created.body.change_request_id;
  let position = '';
  for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const) {
    const approved = await http()
      .post(`${API}/change-requests/${id}/approve`)
      .set(bearer(who))
      .send({ approved: true })
      .expect(200);
    position = approved.body.position;
  }
  await http()
    .get(`${API}/change-requests`)
    .query({ min_position: position })
    .set(bearer('auditor'))
    .expect(200);
  return id;
}
