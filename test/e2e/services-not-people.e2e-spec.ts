import request from 'supertest';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { seedPolicyWith } from '../support/policy-files';
import { bearer, type Person, useTestApi } from '../support/test-api';
import { withClient } from '../support/test-database';

const BASE = `${API}/change-requests`;

const normalChange = {
  title: 'Rotate session keys',
  description: 'Quarterly rotation of the session signing keys',
  change_type: 'configuration',
  priority: 'low',
  affected_systems: ['authentication-service'],
  rollback_plan: completeRollbackPlan,
};

const emergencyChange = {
  title: 'Patch CVE-2025-1234',
  description: 'Critical RCE in the authentication service',
  change_type: 'security',
  priority: 'critical',
  affected_systems: ['authentication-service'],
};

const standardChange = {
  title: 'Bump lodash 4.17.20 → 4.17.21',
  description: 'Patch update, all tests green',
  change_type: 'bugfix',
  priority: 'low',
  risk_level: 'low',
  category: 'standard',
  standard_template_id: 'dependency-update',
  affected_systems: ['payments'],
  test_plan: 'The CI suite',
  rollback_plan: completeRollbackPlan,
};

/** How many events the ledger holds: a refusal records not one more. */
const eventCount = async (databaseUrl: string) =>
  withClient(databaseUrl, async (client) =>
    Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM ledger.events')).rows[0]!.n,
    ),
  );

/** The seed policy naming `standard-change-bot` for creating standard changes. */
const namingTheStandardChangeBot = (seed: string) =>
  seed.replace(
    /\n {2}services: \[\]\n/,
    [
      '',
      '  services:',
      '    - principal: standard-change-bot',
      '      steps: [create]',
      '      categories: [standard]',
      '',
    ].join('\n'),
  );

/**
 * Services are not people (issue 25 §5): a service reports CI facts and reads gates; every
 * person's step refuses it, whatever roles its credential holds, unless the policy names that
 * service for that step — and then the record says it acted as a service under that entry.
 */
describe('services are not people', () => {
  const api = useTestApi();
  const http = () => request(api.app.getHttpServer());
  const post = (route: string, who: Person, body: object = {}) =>
    http().post(`${BASE}${route}`).set(bearer(who)).send(body);
  /** A service's attempt: 403 naming the rule, and not one event more in the ledger. */
  const refused = async (attempt: () => request.Test) => {
    const before = await eventCount(api.database.url);
    const answer = await attempt();
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 403,
      code: 'CHANGE_REQUEST.NOT_A_PERSON',
    });
    expect(await eventCount(api.database.url)).toBe(before);
  };

  it('refuses a CI token with no roles creating an emergency change or any change', async () => {
    await refused(() => post('/emergency', 'acmePipeline', emergencyChange));
    await refused(() => post('', 'acmePipeline', normalChange));
    await refused(() => post('', 'pipeline', normalChange));
  });

  it('refuses a service holding people’s roles every person’s step, before and after approval', async () => {
    const created = await post('', 'requester', { ...normalChange, draft: true }).expect(201);
    const id: string = created.body.change_request_id;
    await refused(() => post('', 'rolesBot', normalChange));
    await refused(() => post('/emergency', 'rolesBot', emergencyChange));
    await refused(() =>
      http().patch(`${BASE}/${id}`).set(bearer('rolesBot')).send({ title: 'Renamed' }),
    );
    await refused(() => post(`/${id}/submit`, 'rolesBot'));
    await refused(() => post(`/${id}/cancel`, 'rolesBot', { reason: 'not needed' }));
    await refused(() =>
      post(`/${id}/exceptions`, 'rolesBot', { deviation: 'skip QA', risk_assessment: 'low' }),
    );
    await post(`/${id}/submit`, 'requester').expect(200);
    await refused(() => post(`/${id}/reject`, 'rolesBot', { reason: 'no' }));
    await refused(() => post(`/${id}/approve`, 'rolesBot', { approved: true }));
    await refused(() => post(`/${id}/approve`, 'rolesBot', { approved: false, comments: 'no' }));
    await refused(() =>
      post(`/${id}/schedule`, 'rolesBot', {
        scheduled_for: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
      }),
    );
    for (const who of ['changeManager', 'manager', 'qa'] as const)
      await post(`/${id}/approve`, who, { approved: true }).expect(200);
    await refused(() => post(`/${id}/implement`, 'rolesBot'));
    await post(`/${id}/implement`, 'implementer').expect(200);
    await refused(() =>
      post(`/${id}/verify`, 'rolesBot', { outcome: 'passed', monitoring_minutes: 0 }),
    );
    await refused(() => post(`/${id}/complete`, 'rolesBot', { status: 'completed' }));
    await refused(() =>
      post(`/${id}/rollback`, 'rolesBot', { reason: 'errors', incident_id: 'INC-1' }),
    );
    await refused(() =>
      post(`/${id}/review`, 'rolesBot', { kind: 'post_implementation', findings: 'fine' }),
    );
  });

  it('refuses a service placing a legal hold, whatever its roles', async () => {
    const before = await eventCount(api.database.url);
    const answer = await http()
      .post('/api/v1/legal-holds')
      .set(bearer('rolesBot'))
      .send({ system: 'payments', reason: 'litigation' });
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 403,
      code: 'LEGAL_HOLD.NOT_A_PERSON',
    });
    expect(await eventCount(api.database.url)).toBe(before);
  });

  it('still reads a change and its gates', async () => {
    const created = await post('', 'requester', normalChange).expect(201);
    const id: string = created.body.change_request_id;
    await http().get(`${BASE}/${id}`).set(bearer('acmePipeline')).expect(200);
    await http()
      .get(`${BASE}/${id}/gates`)
      .query({ environment: 'production' })
      .set(bearer('acmePipeline'))
      .expect(200);
  });
});

/** A policy may name a service for a person's step: a bot that files standard changes. */
describe('a service the policy names for a person’s step', () => {
  const policyFile = seedPolicyWith(namingTheStandardChangeBot);
  const api = useTestApi({ policyFile });
  const http = () => request(api.app.getHttpServer());

  it('files a standard change, and the record says a service did, under that policy entry', async () => {
    const created = await http()
      .post(BASE)
      .set(bearer('standardChangeBot'))
      .send(standardChange)
      .expect(201);
    const history = await http()
      .get(`${BASE}/${created.body.change_request_id}/history`)
      .set(bearer('auditor'))
      .expect(200);
    expect(history.body.history[0]).toMatchObject({
      user: 'standard-change-bot',
      actor_kind: 'service',
      acting_under: {
        policy_version: expect.stringMatching(/^seed-2026-11@/),
        policy_entry: 'services[0]',
        step: 'create',
      },
    });
  });

  it('is refused a category and a step the policy does not name it for', async () => {
    const normal = await http()
      .post(BASE)
      .set(bearer('standardChangeBot'))
      .send(normalChange)
      .expect(403);
    expect(normal.body.code).toBe('CHANGE_REQUEST.NOT_A_PERSON');
    const created = await http()
      .post(BASE)
      .set(bearer('standardChangeBot'))
      .send(standardChange)
      .expect(201);
    const cancel = await http()
      .post(`${BASE}/${created.body.change_request_id}/cancel`)
      .set(bearer('standardChangeBot'))
      .send({ reason: 'not needed' })
      .expect(403);
    expect(cancel.body.code).toBe('CHANGE_REQUEST.NOT_A_PERSON');
  });
});

/**
 * A service named for some categories stays inside them whatever the ledger records the change
 * as: with `outside_template: normal_change`, a standard change that does not fit its template is
 * recorded as a normal change — which the bot is not named for.
 */
describe('a service named for standard changes, when the policy reclassifies a misfit', () => {
  const policyFile = seedPolicyWith((seed) =>
    namingTheStandardChangeBot(seed).replace(
      'outside_template: refuse',
      'outside_template: normal_change',
    ),
  );
  const api = useTestApi({ policyFile });
  const http = () => request(api.app.getHttpServer());

  it('is refused a change the ledger would record as normal, and nothing is recorded', async () => {
    const before = await eventCount(api.database.url);
    const misfit = await http()
      .post(BASE)
      .set(bearer('standardChangeBot'))
      .send({
        ...standardChange,
        change_type: 'security',
        priority: 'critical',
        risk_level: 'high',
      })
      .expect(403);
    expect(misfit.body.code).toBe('CHANGE_REQUEST.NOT_A_PERSON');
    expect(misfit.body.detail).toMatch(/normal/);
    expect(await eventCount(api.database.url)).toBe(before);
    // One that fits its template is still the bot's to file.
    await http().post(BASE).set(bearer('standardChangeBot')).send(standardChange).expect(201);
  });
});
