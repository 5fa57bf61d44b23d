import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import { bearer, useTestApi, type Person } from '../support/test-api';
import { withClient } from '../support/test-database';

const SOURCE = 'github.com/acme/payments/actions';

/**
 * Who reported a CI fact is the credential, never the payload: the attacks of the hardening issue,
 * tried against the API with a real PostgreSQL behind it.
 */
describe('CI facts: attribution from the credential', () => {
  const api = useTestApi();

  const http = () => request(api.app.getHttpServer());
  const report = (who: Person, fact: Record<string, unknown>) =>
    http()
      .post('/api/v1/ingest/events')
      .set(bearer(who))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ source: SOURCE, occurred_at: new Date().toISOString(), ...fact }));
  const statusOf = async (id: string) =>
    (await http().get(`${API}/change-requests/${id}`).set(bearer('auditor')).expect(200)).body
      .status as string;

  describe('when a person posts a CI fact with their own token', () => {
    it('refuses a person rolling back a change in production, in the CISO’s name', async () => {
      const id = await createApprovedChange(api.app, { title: 'Spoofed rollback', links: {} });
      const refused = await report('onlooker', {
        id: 'rollback-by-nobody',
        type: 'rollback',
        environment: 'production',
        change_request_id: id,
        actor: 'cleo',
        incident: { id: 'INC-1', severity: 'P1', phase: 'detected' },
      }).expect(403);
      expect(refused.body.code).toBe('INGESTION.NOT_A_CI_PRINCIPAL');
      expect(await statusOf(id)).toBe('approved');
    });

    it('refuses an approver starting the implementation through ingest by leaving actor out', async () => {
      const id = await createApprovedChange(api.app, { title: 'Sole approver detour', links: {} });
      const refused = await report('qa', {
        id: 'deploy-by-approver',
        type: 'deployment',
        environment: 'production',
        change_request_id: id,
        outcome: 'success',
      }).expect(403);
      expect(refused.body.code).toBe('INGESTION.NOT_A_CI_PRINCIPAL');
      expect(await statusOf(id)).toBe('approved');
    });

    it('refuses a requester passing their own gates with test results they post', async () => {
      const id = await createApprovedChange(api.app, { title: 'Self-made evidence', links: {} });
      await report('requester', {
        id: 'tests-by-requester',
        type: 'test_run',
        change_request_id: id,
        outcome: 'success',
        tests: { total: 10, failed: 0 },
      }).expect(403);
      const gates = await http()
        .get(`${API}/change-requests/${id}/gates`)
        .query({ environment: 'production' })
        .set(bearer('requester'))
        .expect(200);
      expect(
        gates.body.gates.find((gate: { gate: string }) => gate.gate === 'automated_tests'),
      ).toMatchObject({ status: 'failed' });
    });
  });

  describe('when a CI service reports for a source it is not bound to', () => {
    it('refuses it, naming the source', async () => {
      const refused = await report('otherTeamPipeline', {
        id: 'deploy-elsewhere',
        type: 'deployment',
        environment: 'production',
        outcome: 'success',
      }).expect(403);
      expect(refused.body).toMatchObject({
        code: 'INGESTION.SOURCE_NOT_BOUND',
        context: { source: SOURCE, actor: 'other-team-ci' },
      });
    });
  });

  describe('when a bound CI service reports a deployment that names someone', () => {
    it('records the service as the actor and the named person as reported only', async () => {
      const id = await createApprovedChange(api.app, { title: 'Attributed deploy', links: {} });
      await report('pipeline', {
        id: 'deploy-attributed',
        type: 'deployment',
        environment: 'production',
        change_request_id: id,
        outcome: 'success',
        actor: 'cleo',
      }).expect(202);
      const history = await http()
        .get(`${API}/change-requests/${id}/history`)
        .set(bearer('auditor'))
        .expect(200);
      const deployed = history.body.history.find(
        (entry: { event_type: string }) => entry.event_type === 'DeploymentRecorded',
      );
      expect(deployed).toMatchObject({ user: 'ci-pipeline', authenticated_by: 'api-token' });
      const row = await readModelRow('deploy-attributed');
      expect(row).toMatchObject({ actor: 'cleo', delivered_by: 'ci-pipeline' });
    });
  });

  describe('when the reported time is far from the server clock', () => {
    it('keeps it as reported and flags it, in the future or late', async () => {
      const ahead = new Date(Date.now() + 2 * 3_600_000).toISOString();
      const late = new Date(Date.now() - 10 * 24 * 3_600_000).toISOString();
      await report('pipeline', { id: 'from-the-future', type: 'pipeline_run', occurred_at: ahead })
        .expect(202)
        .then((answer) => expect(answer.body.outcome).toBe('recorded'));
      await report('pipeline', { id: 'from-last-week', type: 'pipeline_run', occurred_at: late })
        .expect(202)
        .then((answer) => expect(answer.body.outcome).toBe('recorded'));
      expect(await readModelRow('from-the-future')).toMatchObject({
        occurred_at: new Date(ahead),
        reported_time_flags: ['occurred_in_future'],
      });
      expect(await readModelRow('from-last-week')).toMatchObject({
        reported_time_flags: ['reported_late'],
      });
    });
  });

  describe('when the same CI event is delivered twice at the same instant', () => {
    it('records it once and answers the other delivery duplicate, whatever the interleaving', async () => {
      for (let round = 0; round < 10; round++) {
        const fact = {
          id: `race-same-${round}`,
          type: 'pipeline_run',
          outcome: 'success',
          occurred_at: '2026-11-28T10:00:00Z',
        };
        const answers = await Promise.all([report('pipeline', fact), report('pipeline', fact)]);
        expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
        expect(answers.map((answer) => answer.body.outcome).sort()).toEqual([
          'duplicate',
          'recorded',
        ]);
      }
    });

    it('records one and the other as a conflict beside it when their content differs', async () => {
      for (let round = 0; round < 10; round++) {
        const id = `race-other-${round}`;
        const answers = await Promise.all([
          report('pipeline', { id, type: 'pipeline_run', outcome: 'success' }),
          report('pipeline', { id, type: 'pipeline_run', outcome: 'failure' }),
        ]);
        expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
        expect(answers.map((answer) => answer.body.outcome).sort()).toEqual([
          'conflict',
          'recorded',
        ]);
      }
    });
  });

  async function readModelRow(eventId: string): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await withClient(api.database.url, (client) =>
        client.query('SELECT * FROM read_models.ci_events WHERE source = $1 AND event_id = $2', [
          SOURCE,
          eventId,
        ]),
      );
      if (rows[0]) return rows[0] as Record<string, unknown>;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ci_events row for ${eventId}`);
  }
});

/** A policy may open some sources to people's own tokens (a manual deployment checklist). */
describe('CI facts: sources a policy opens to people', () => {
  const policyFile = path.join(mkdtempSync(path.join(tmpdir(), 'policy-')), 'policy.yaml');
  const seed = readFileSync(path.resolve(__dirname, '../../config/policy.yaml'), 'utf8');
  writeFileSync(
    policyFile,
    seed.replace('people_may_report: []', "people_may_report: ['manual/*']"),
  );
  const api = useTestApi({ policyFile });
  const report = (source: string) =>
    request(api.app.getHttpServer())
      .post('/api/v1/ingest/events')
      .set(bearer('implementer'))
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          source,
          id: `run-${source}`,
          type: 'pipeline_run',
          occurred_at: new Date().toISOString(),
          outcome: 'success',
        }),
      );

  it('takes a person’s fact for an opened source, attributed to that person, and no other', async () => {
    const taken = await report('manual/release-checklist').expect(202);
    expect(taken.body.outcome).toBe('recorded');
    const refused = await report(SOURCE).expect(403);
    expect(refused.body.code).toBe('INGESTION.NOT_A_CI_PRINCIPAL');
  });
});
