import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LedgerMetrics } from '@change-ledger/operations';
import request from 'supertest';
import { API, createApprovedChange } from '../support/change-request-fixtures';
import { bearer, useTestApi } from '../support/test-api';

/**
 * Issue 26: what CI reported, read back through the API as it was meant. Each test is a defect
 * that main at b525204 had: a failing scan that passed the gate, a pull request linked across
 * repositories by a trailing number, a review decision nobody stated, fields dropped without
 * trace, time cut to milliseconds, an envelope that disagreed with its CDEvent, no way to read CI
 * facts back, and a forged cursor answered with a 500.
 */
const CONFORMANCE = path.join(__dirname, '../../libs/ingestion/src/formats/testdata');
const conformanceFile = (version: string, file: string) =>
  readFileSync(path.join(CONFORMANCE, `cdevents-${version}`, file));

/** A CDEvent as the CloudEvents HTTP binding carries it: ce-* headers from its context. */
function binary(body: Buffer | string, overrides: Record<string, string> = {}) {
  const { context } = JSON.parse(body.toString()) as {
    context: { id: string; source: string; type: string };
  };
  return {
    headers: {
      'ce-specversion': '1.0',
      'ce-id': context.id,
      'ce-source': context.source,
      'ce-type': context.type,
      'content-type': 'application/json',
      ...overrides,
    },
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  };
}

/** A v0.5 CDEvent written from the spec's schema (not from the ledger's parser). */
function cdevent(
  type: string,
  id: string,
  subject: { id: string; content: Record<string, unknown> },
  customData?: Record<string, unknown>,
  source = 'https://ci.acme.example/pipelines',
) {
  return JSON.stringify({
    context: {
      specversion: '0.5.0',
      id,
      source,
      type: `dev.cdevents.${type}`,
      timestamp: '2026-11-20T09:30:00.123456Z',
    },
    subject: { ...subject, source },
    ...(customData ? { customData } : {}),
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('CI facts read as they were meant (issue 26)', () => {
  const metrics = new LedgerMetrics({ service: 'api' });
  const api = useTestApi({ metrics }, 120_000);
  const http = () => request(api.app.getHttpServer());

  const send = (message: { headers: Record<string, string>; body: Buffer }) => {
    let call = http().post('/api/v1/ingest/events').set(bearer('pipeline'));
    for (const [name, value] of Object.entries(message.headers)) call = call.set(name, value);
    // As text: superagent would encode a Buffer sent as JSON as {"type":"Buffer",…}.
    return call.send(message.body.toString('utf8'));
  };
  const gate = async (changeRequestId: string, name: string) => {
    const gates = await http()
      .get(`${API}/change-requests/${changeRequestId}/gates`)
      .query({ environment: 'production' })
      .set(bearer('implementer'))
      .expect(200);
    return gates.body.gates.find((one: { gate: string }) => one.gate === name);
  };
  const readBack = (source: string, id: string) =>
    http()
      .get(`/api/v1/ci-events/${encodeURIComponent(source)}/${encodeURIComponent(id)}`)
      .set(bearer('auditor'));
  /** The read model follows the store: asks until the listing holds what was sent. */
  const listed = async (query: Record<string, string>, count: number) => {
    for (let attempt = 0; ; attempt++) {
      const answer = await http().get('/api/v1/ci-events').query(query).set(bearer('auditor'));
      if (answer.status === 200 && answer.body.ci_events.length >= count) return answer;
      if (attempt > 100) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  describe('a failing security scan', () => {
    it('fails the security-scan gate with the outcome, whatever findings it states', async () => {
      const change = await createApprovedChange(api.app, {
        title: 'Scan that failed',
        links: { commit_sha: '1111111111111111111111111111111111111111' },
      });
      const scan = cdevent(
        'testsuiterun.finished.0.3.0',
        'sast-failed-1',
        {
          id: 'sast-run-1',
          content: {
            outcome: 'failure',
            severity: 'critical',
            environment: { id: 'ci' },
            testSuite: { id: 'sast', name: 'Security scan (SAST)' },
          },
        },
        { changeRequestId: change },
      );
      const sent = await send(binary(scan)).expect(202);
      expect(sent.body).toMatchObject({ kind: 'security_scan', change_request_id: change });
      expect(await gate(change, 'security_scan')).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/ended failure/),
      });
      const fact = (
        await readBack('https://ci.acme.example/pipelines', 'sast-failed-1').expect(200)
      ).body.fact;
      expect(fact).toMatchObject({ outcome: 'failure', severity: 'critical', findings: null });
    });

    it('fails it on an error too, and on a scan that states no findings (unknown is not a pass)', async () => {
      const change = await createApprovedChange(api.app, {
        title: 'Scan without findings',
        links: { commit_sha: '2222222222222222222222222222222222222222' },
      });
      const scan = (id: string, outcome: string, customData: Record<string, unknown> = {}) =>
        cdevent(
          'testsuiterun.finished.0.3.0',
          id,
          {
            id,
            content: {
              outcome,
              environment: { id: 'ci' },
              testSuite: { id: 'sast', name: 'security' },
            },
          },
          { changeRequestId: change, ...customData },
        );
      await send(binary(scan('sast-error-2', 'error'))).expect(202);
      expect(await gate(change, 'security_scan')).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/ended error/),
      });
      await send(binary(scan('sast-silent-3', 'success'))).expect(202);
      expect(await gate(change, 'security_scan')).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/unknown/),
      });
      await send(
        binary(scan('sast-clean-4', 'success', { findings: { critical: 0, high: 0 } })),
      ).expect(202);
      expect(await gate(change, 'security_scan')).toMatchObject({ status: 'passed' });
    });
  });

  describe('links', () => {
    it('never links a change event by the number at the end of its subject id, across repositories', async () => {
      const change = await createApprovedChange(api.app, {
        title: 'Payments pull request',
        links: { pull_request: 'https://github.com/acme/payments/pull/123' },
      });
      // The spec's own change.merged: subject `mySubject123` in repository TestRepo/TestOrg.
      const merged = await send(binary(conformanceFile('v0.5', 'change_merged.json'))).expect(202);
      expect(merged.body).toMatchObject({ change_request_id: null, linked_by: null });
      // The same pull request, in its own repository, links.
      const ours = cdevent('change.merged.0.3.0', 'merge-acme-123', {
        id: '123',
        content: { repository: { id: 'acme/payments', source: 'https://github.com' } },
      });
      expect((await send(binary(ours)).expect(202)).body).toMatchObject({
        change_request_id: change,
        linked_by: 'pull_request',
      });
      const elsewhere = cdevent('change.reviewed.0.3.0', 'review-other-123', {
        id: '123',
        content: { repository: { id: 'acme/other', source: 'https://github.com' } },
      });
      expect((await send(binary(elsewhere)).expect(202)).body.change_request_id).toBeNull();
    });
  });

  describe('nothing invented', () => {
    it('records a review without a decision as such, and the code-review gate does not count it', async () => {
      const change = await createApprovedChange(api.app, {
        title: 'Reviewed without a word',
        links: { commit_sha: '3333333333333333333333333333333333333333' },
      });
      const review = cdevent(
        'change.reviewed.0.3.0',
        'review-silent-1',
        { id: 'pr-9', content: { repository: { id: 'acme/auth' } } },
        { changeRequestId: change, reviewer: 'rita' },
      );
      await send(binary(review)).expect(202);
      const codeReview = await gate(change, 'code_review');
      expect(codeReview.evidence.reviews).toEqual([]);
      const fact = (
        await readBack('https://ci.acme.example/pipelines', 'review-silent-1').expect(200)
      ).body.fact;
      expect(fact.review).toEqual({ reviewer: 'rita', decision: null });
    });
  });

  describe('nothing dropped', () => {
    it('keeps the raw event as received, lists every field it did not read, and the time as reported', async () => {
      const file = conformanceFile('v0.5', 'incident_reported.json');
      await send(binary(file)).expect(202);
      const read = (
        await readBack('/monitoring/prod1', 'F4BD2B55-B6F6-4F44-AF72-BD2D0E7A8708').expect(200)
      ).body;
      expect(read.raw).toMatchObject({
        sha256: sha256(file),
        headers: expect.objectContaining({ 'ce-source': '/monitoring/prod1' }),
      });
      expect(
        Buffer.from(read.raw.body, read.raw.encoding === 'base64' ? 'base64' : 'utf8'),
      ).toEqual(file);
      // Never the credential it came with.
      expect(Object.keys(read.raw.headers)).not.toContain('authorization');
      expect(read.unread).toEqual(
        expect.arrayContaining([
          'customData.priority',
          'customData.reportedBy',
          'subject.content.ticketURI',
          'subject.content.environment.source',
          'subject.content.description',
          'context.links',
        ]),
      );
      const test = conformanceFile('v0.5', 'testsuiterun_finished.json');
      await send(binary(test)).expect(202);
      const testRun = (
        await readBack('/event/source/123', '271069a8-fc18-44f1-b38f-9d70a1695819').expect(200)
      ).body;
      expect(testRun.fact).toMatchObject({
        occurredAt: '2023-03-20T14:27:05.315Z',
        occurredAtReported: '2023-03-20T14:27:05.315384Z',
      });
    });

    it('opens the incident a rollback names at its severity, and puts a reported incident on /incidents', async () => {
      const change = await createApprovedChange(api.app, {
        title: 'Rolled back at P2',
        links: { commit_sha: '4444444444444444444444444444444444444444' },
      });
      const deployed = cdevent(
        'service.deployed.0.3.0',
        'deploy-rb-1',
        { id: 'auth', content: { environment: { id: 'production' } } },
        { changeRequestId: change },
      );
      await send(binary(deployed)).expect(202);
      const rolledBack = cdevent(
        'service.rolledback.0.3.0',
        'rollback-rb-1',
        { id: 'auth', content: { environment: { id: 'production' } } },
        { changeRequestId: change, severity: 'P2' },
      );
      await send(binary(rolledBack)).expect(202);
      const after = await http()
        .get(`${API}/change-requests/${change}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(after.body.incident).toMatchObject({ severity: 'P2' });

      const other = await createApprovedChange(api.app, {
        title: 'Incident reported against it',
        links: { commit_sha: '5555555555555555555555555555555555555555' },
      });
      const incident = cdevent(
        'incident.reported.0.3.0',
        'incident-reported-7',
        {
          id: 'INC-7',
          content: { environment: { id: 'production' }, description: 'Logins fail' },
        },
        { changeRequestId: other, severity: 'high' },
      );
      await send(binary(incident)).expect(202);
      for (let attempt = 0; ; attempt++) {
        const incidents = await http().get(`${API}/incidents`).set(bearer('auditor')).expect(200);
        const found = incidents.body.incidents.find(
          (one: { incident_id: string }) => one.incident_id === 'INC-7',
        );
        if (found) {
          expect(found).toMatchObject({ change_request_id: other, severity: 'P2' });
          break;
        }
        if (attempt > 100) throw new Error('INC-7 never reached /incidents');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  });

  describe('one identity', () => {
    it('refuses a CloudEvent whose envelope disagrees with its CDEvent, naming both values', async () => {
      const file = conformanceFile('v0.5', 'pipelinerun_finished.json');
      const source = await send(binary(file, { 'ce-source': '/somewhere/else' })).expect(422);
      expect(JSON.stringify(source.body)).toMatch(/\/somewhere\/else/);
      expect(JSON.stringify(source.body)).toMatch(/\/event\/source\/123/);
      const id = await send(binary(file, { 'ce-id': 'another-id' })).expect(422);
      expect(JSON.stringify(id.body)).toMatch(/another-id/);
      expect(JSON.stringify(id.body)).toMatch(/271069a8-fc18-44f1-b38f-9d70a1695819/);
    });
  });

  describe('reading CI facts back', () => {
    it('lists what CI reported for a change request, filtered and paged, with what each said', async () => {
      const change = await createApprovedChange(api.app, {
        title: 'Evidence to list',
        links: { commit_sha: '6666666666666666666666666666666666666666' },
      });
      const native = (id: string, fields: Record<string, unknown>) =>
        send({
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(
            JSON.stringify({
              source: 'jenkins.acme.example/auth',
              id,
              occurred_at: '2026-11-20T10:00:00Z',
              change_request_id: change,
              ...fields,
            }),
          ),
        }).expect(202);
      await native('tests-1', {
        type: 'test_run',
        outcome: 'failure',
        tests: { total: 120, failed: 3 },
      });
      await native('scan-1', {
        type: 'security_scan',
        outcome: 'success',
        findings: { critical: 2, high: 0 },
      });
      await native('staging-1', { type: 'deployment', environment: 'staging', outcome: 'success' });
      const all = await listed({ change_request_id: change }, 3);
      expect(all.status).toBe(200);
      expect(all.body.ci_events.map((one: { said: string }) => one.said)).toEqual(
        expect.arrayContaining([
          'tests 120/3 failed',
          'scan: 2 critical',
          expect.stringMatching(/staging/),
        ]),
      );
      const staging = await listed({ change_request_id: change, environment: 'staging' }, 1);
      expect(staging.body.ci_events).toHaveLength(1);
      const paged = await listed({ change_request_id: change, limit: '2' }, 2);
      expect(paged.body.ci_events).toHaveLength(2);
      const rest = await http()
        .get('/api/v1/ci-events')
        .query({ change_request_id: change, limit: '2', cursor: paged.body.next_cursor })
        .set(bearer('auditor'))
        .expect(200);
      expect(rest.body.ci_events).toHaveLength(1);
      expect(rest.body.next_cursor).toBeNull();

      const detail = (await readBack('jenkins.acme.example/auth', 'tests-1').expect(200)).body;
      expect(detail).toMatchObject({
        said: 'tests 120/3 failed',
        receipt: expect.stringMatching(/^test\.example\/log\n/),
        log_leaf: expect.anything(),
      });
      await readBack('jenkins.acme.example/auth', 'never-sent').expect(404);
    });

    it('counts HTTP ingestion in ledger_ingest_messages_total, as Kafka is', async () => {
      const counted = async () =>
        (await metrics.ingestMessages.get()).values
          .filter((value) => value.labels.transport === 'http')
          .reduce((sum, value) => sum + value.value, 0);
      const before = await counted();
      await send({
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(
          JSON.stringify({
            source: 'jenkins.acme.example/metrics',
            id: 'counted-1',
            type: 'pipeline_run',
            occurred_at: '2026-11-20T10:00:00Z',
          }),
        ),
      }).expect(202);
      expect(await counted()).toBe(before + 1);
    });
  });

  describe('query values', () => {
    it('reads a date as `to` including its day, as every other period does', async () => {
      const source = 'https://ci.acme.example/days';
      await send({
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(
          JSON.stringify({
            source,
            id: 'day-1',
            type: 'test_run',
            outcome: 'success',
            tests: { total: 1, failed: 0 },
            occurred_at: '2026-11-21T15:00:00Z',
          }),
        ),
      }).expect(202);
      const oneDay = await listed({ source, from: '2026-11-21', to: '2026-11-21' }, 1);
      expect(oneDay.status).toBe(200);
      expect(oneDay.body.ci_events).toHaveLength(1);
    });

    it('answers a forged cursor with a 400 naming it, not a 500', async () => {
      const forged = Buffer.from(JSON.stringify(['not-a-date', 'x'])).toString('base64');
      for (const route of [`${API}/change-requests`, '/api/v1/ci-events']) {
        const answer = await http().get(route).query({ cursor: forged }).set(bearer('auditor'));
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
      const badTime = await http()
        .get('/api/v1/ci-events')
        .query({ from: 'yesterday' })
        .set(bearer('auditor'));
      expect(badTime.status).toBe(400);
      expect(badTime.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    });
  });
});
