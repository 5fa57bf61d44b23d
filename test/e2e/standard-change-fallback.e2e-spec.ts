import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { bearer, type Person, useTestApi } from '../support/test-api';

const CHANGES = '/api/v1/change-management/change-requests';

/**
 * The seed policy with `standard_changes.outside_template: normal_change`: a standard change that
 * does not fit its template is recorded as the normal change it is, for its approvers.
 */
async function fallbackPolicy(): Promise<string> {
  const seed = await readFile(path.resolve(__dirname, '../../config/policy.yaml'), 'utf8');
  const variant = seed.replace('outside_template: refuse', 'outside_template: normal_change');
  if (variant === seed) throw new Error('the seed policy no longer says outside_template: refuse');
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'ledger-policy-')), 'policy.yaml');
  await writeFile(file, variant);
  return file;
}

describe('A standard change outside its template, when the policy makes it a normal change', () => {
  const api = useTestApi(async () => ({ policyFile: await fallbackPolicy() }));
  const post = (path: string, who: Person, body: object = {}) =>
    request(api.app.getHttpServer()).post(path).set(bearer(who)).send(body);

  it('waits for the approvers of a normal change, and its requester does not implement it', async () => {
    const created = await post(CHANGES, 'requester', {
      title: 'Rotate the auth signing keys',
      description: 'Filed under dependency-update',
      change_type: 'security',
      category: 'standard',
      standard_template_id: 'dependency-update',
      priority: 'critical',
      risk_level: 'high',
      affected_systems: ['authentication-service'],
      test_plan: 'Key rotation rehearsed in staging',
    }).expect(201);
    expect(created.body).toMatchObject({
      status: 'pending_approval',
      approvers: ['security-team', 'engineering-manager', 'change-manager', 'qa'],
    });
    const id = created.body.change_request_id as string;
    const change = await request(api.app.getHttpServer())
      .get(`${CHANGES}/${id}`)
      .set(bearer('auditor'))
      .expect(200);
    expect(change.body).toMatchObject({ category: 'normal', standard_template_id: null });
    const history = await request(api.app.getHttpServer())
      .get(`${CHANGES}/${id}/history`)
      .set(bearer('auditor'))
      .expect(200);
    expect(history.body.history.map((entry: { event_type: string }) => entry.event_type)).toEqual([
      'ChangeRequestCreated',
      'ChangeRequestAmended',
      'ChangeRequestSubmitted',
    ]);
    for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const)
      await post(`${CHANGES}/${id}/approve`, who, { approved: true }).expect(200);
    expect((await post(`${CHANGES}/${id}/implement`, 'requester').expect(403)).body.code).toBe(
      'CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT',
    );
  });
});
