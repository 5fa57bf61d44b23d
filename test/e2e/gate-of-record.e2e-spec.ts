import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateSignerKey, parseSignerKey, verifierKey } from '@change-ledger/integrity';
import request from 'supertest';
import { CLI_TEST_TIMEOUT_MS, runLedgerCli } from '../support/app-process';
import {
  exportedBundle,
  readBundleFiles,
  signCheckpointOfEverything,
} from '../support/bundle-files';
import { API, completeRollbackPlan } from '../support/change-request-fixtures';
import { bearer, movableClock, type Person, useTestApi } from '../support/test-api';

jest.setTimeout(CLI_TEST_TIMEOUT_MS);

const SOURCE = 'github.com/acme/auth/actions';
const HOUR = 60 * 60 * 1000;

interface Gate {
  gate: string;
  status: string;
  reason: string;
  exception_id?: string;
}

/**
 * Issue 25, "a gate that says no changes nothing": the deploy gate is what a production
 * deployment is measured against (ADR 0022). A deployment the gate denied is an unauthorized
 * change wherever unauthorized changes are read, and the only way past a failing gate is an
 * approved policy exception (POL-EXCEPTIONS) that names that gate — for that change, or for a service
 * and a period.
 */
describe('The gate of record', () => {
  const signingKey = generateSignerKey('test.example/log');
  // Moved forward only by the last tests of the file, which report a time of CI's choosing.
  const clock = movableClock();
  const api = useTestApi({ log: { signingKey }, clock }, CLI_TEST_TIMEOUT_MS);
  const http = () => request(api.app.getHttpServer());
  let facts = 0;
  const report = (fact: Record<string, unknown>) =>
    http()
      .post('/api/v1/ingest/events')
      .set(bearer('pipeline'))
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          source: SOURCE,
          id: `fact-${++facts}`,
          occurred_at: new Date().toISOString(),
          ...fact,
        }),
      )
      .expect(202);
  const post = (path: string, who: Person, body: object) =>
    http().post(`${API}${path}`).set(bearer(who)).send(body);
  const gatesOf = async (id: string) => {
    const answer = await http()
      .get(`${API}/change-requests/${id}/gates`)
      .query({ environment: 'production' })
      .set(bearer('implementer'))
      .expect(200);
    return answer.body as { decision: string; gates: Gate[] };
  };
  const gate = (gates: Gate[], name: string) => gates.find((candidate) => candidate.gate === name)!;
  const statuses = (gates: Gate[]) =>
    Object.fromEntries(gates.map((candidate) => [candidate.gate, candidate.status]));

  /** An approved high-priority security change on `systems`, with CI evidence that fails the gate. */
  const approvedChangeFailingItsScan = async (title: string, systems = ['payments']) => {
    const created = await post('/change-requests', 'requester', {
      title,
      description: `${title}, as CI will deploy it`,
      change_type: 'security',
      priority: 'high',
      affected_systems: systems,
      test_plan: 'The suite CI runs',
      rollback_plan: completeRollbackPlan,
    }).expect(201);
    const id = created.body.change_request_id as string;
    for (const who of ['securityTeam', 'manager', 'changeManager', 'qa'] as const)
      await post(`/change-requests/${id}/approve`, who, { approved: true }).expect(200);
    const evidence = { change_request_id: id };
    await report({
      ...evidence,
      type: 'test_run',
      outcome: 'success',
      tests: { total: 9, failed: 0 },
    });
    await report({ ...evidence, type: 'deployment', environment: 'staging', outcome: 'success' });
    await report({
      ...evidence,
      type: 'security_scan',
      outcome: 'failure',
      findings: { critical: 2, high: 0 },
    });
    // One approving reviewer, and the seed policy lists no senior engineer.
    await report({
      ...evidence,
      type: 'code_review',
      review: { reviewer: 'rita', decision: 'approved' },
    });
    return id;
  };
  const deploy = (id: string, occurredAt = new Date(), service = 'payments') =>
    report({
      change_request_id: id,
      type: 'deployment',
      environment: 'production',
      service,
      outcome: 'success',
      occurred_at: occurredAt.toISOString(),
    });
  const signOff = async (path: string) => {
    await post(path, 'headOfEngineering', {}).expect(200);
    return (await post(path, 'securityOfficer', {}).expect(200)).body;
  };
  const until = async <T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const value = await read();
      if (holds(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the condition never held');
  };
  const period = () => ({
    from: new Date(Date.now() - 24 * HOUR).toISOString(),
    to: new Date(Date.now() + 24 * HOUR).toISOString(),
  });

  describe('when the gate denies a production deployment', () => {
    let id = '';
    let deployed: request.Response;

    beforeAll(async () => {
      id = await approvedChangeFailingItsScan('Rotate signing keys');
      await post(`/change-requests/${id}/schedule`, 'changeManager', {
        scheduled_for: new Date(Date.now() + 72 * HOUR).toISOString(),
      }).expect(200);
      deployed = await deploy(id);
    });

    it('freezes the gate’s answer in the deployment, and the deployment is not authorized', async () => {
      expect(deployed.body).toMatchObject({
        outcome: 'recorded',
        change_request_id: id,
        authorized: false,
        gate: { decision: 'deny' },
      });
      expect(statuses(deployed.body.gate.gates)).toEqual({
        code_review: 'failed',
        automated_tests: 'passed',
        security_scan: 'failed',
        staging_validation: 'passed',
        rollback_plan: 'passed',
        approval: 'passed',
        deployment_window: 'failed',
      });
      for (const failed of ['code_review', 'security_scan', 'deployment_window'])
        expect(deployed.body.reason).toContain(failed);
      expect(deployed.body.reason).toContain('2 critical');
      // The change is in production all the same: its lifecycle follows it.
      const change = await http()
        .get(`${API}/change-requests/${id}`)
        .set(bearer('auditor'))
        .expect(200);
      expect(change.body.status).toBe('implementing');
    });

    it('is an unauthorized change with the failed gates as its reasons, in the list and the metrics', async () => {
      const listed = await until(
        async () =>
          (
            await http()
              .get(`${API}/unauthorized-changes`)
              .query(period())
              .set(bearer('auditor'))
              .expect(200)
          ).body.unauthorized_changes as Array<Record<string, unknown>>,
        (rows) => rows.some((row) => row.change_request_id === id),
      );
      expect(listed.find((row) => row.change_request_id === id)).toMatchObject({
        source: SOURCE,
        environment: 'production',
        service: 'payments',
        failed_gates: ['code_review', 'security_scan', 'deployment_window'],
        reason: expect.stringContaining('security_scan'),
      });
      const metrics = await http()
        .get(`${API}/metrics`)
        .query(period())
        .set(bearer('auditor'))
        .expect(200);
      expect(metrics.body.unauthorized_changes.count).toBeGreaterThanOrEqual(1);
    });

    it('shows the deployment as not authorized among production deployments', async () => {
      const deployments = await until(
        async () =>
          (
            await http()
              .get(`${API}/deployments`)
              .query(period())
              .set(bearer('auditor'))
              .expect(200)
          ).body.deployments as Array<Record<string, unknown>>,
        (rows) => rows.some((row) => row.change_request_id === id),
      );
      expect(deployments.find((row) => row.change_request_id === id)).toMatchObject({
        approved_before_deployment: true,
        authorized: false,
        unauthorized_reason: expect.stringContaining('security_scan'),
      });
    });

    it('carries the frozen gate into the evidence bundle', async () => {
      const population = await http()
        .get('/api/v1/audit/population')
        .query(period())
        .set(bearer('auditor'))
        .expect(200);
      expect(population.body.members).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'unauthorized_deployment', unauthorized: true }),
          expect.objectContaining({ id, kind: 'change_request' }),
        ]),
      );
      const drawn = await http()
        .post('/api/v1/audit/samples')
        .set(bearer('auditor'))
        .send({ ...period(), seed: 'gate', sizes: { normal: 20, unauthorized: 20 } })
        .expect(201);
      await signCheckpointOfEverything(api.app);
      const exported = await exportedBundle(api.app, drawn.body.sample_id);
      const files = await readBundleFiles(Readable.from([exported.body]));
      expect([...files.keys()]).toEqual(
        expect.arrayContaining(['exceptions/events.jsonl', 'exceptions/proofs.jsonl']),
      );
      const gates = JSON.parse(files.get(`changes/${id}/gates.json`)!);
      expect(gates).toMatchObject({ recorded_with: 'DeploymentRecorded', decision: 'deny' });
      expect(gate(gates.gates, 'security_scan')).toMatchObject({ status: 'failed' });
      const ciFacts = JSON.parse(files.get(`changes/${id}/ci-facts.json`)!) as Array<{
        event_type: string;
        fact: { environment: string };
        authorized: boolean;
        gate: { decision: string } | null;
      }>;
      expect(
        ciFacts.find(
          (fact) =>
            fact.event_type === 'DeploymentRecorded' && fact.fact.environment === 'production',
        ),
      ).toMatchObject({ authorized: false, gate: { decision: 'deny' } });

      // Offline, every derived file is what the events fold to: the recorded gate included.
      const dir = await mkdtemp(path.join(tmpdir(), 'gate-bundle-'));
      try {
        const file = path.join(dir, 'bundle.tar.gz');
        await writeFile(file, exported.body);
        const verified = await runLedgerCli(
          ['verify-bundle', file, '--verifier-key', verifierKey(parseSignerKey(signingKey))],
          { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        );
        expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('when a policy exception names the failing gate and the change', () => {
    let id = '';
    beforeAll(async () => {
      id = await approvedChangeFailingItsScan('Upgrade the payment SDK');
    });

    it('waives nothing when it names no gate, nor before it is approved', async () => {
      const requested = await post(`/change-requests/${id}/exceptions`, 'requester', {
        deviation: 'Ship with the scanner findings open',
        risk_assessment: 'The findings are in test code only',
      }).expect(200);
      expect(requested.body.exceptions).toEqual([
        expect.objectContaining({ exception_id: `${id}-EXC-1`, gates: [], approved: false }),
      ]);
      await signOff(`/change-requests/${id}/exceptions/approve`);
      expect(gate((await gatesOf(id)).gates, 'security_scan').status).toBe('failed');

      await post(`/change-requests/${id}/exceptions`, 'requester', {
        deviation: 'Ship with the scanner findings open',
        risk_assessment: 'The findings are in test code only',
        gates: ['security_scan'],
      }).expect(200);
      expect(gate((await gatesOf(id)).gates, 'security_scan').status).toBe('failed');
    });

    it('passes that gate by exception once approved, with the exception’s id, and no other', async () => {
      const approved = await signOff(`/change-requests/${id}/exceptions/approve`);
      expect(approved.exceptions[1]).toMatchObject({
        exception_id: `${id}-EXC-2`,
        gates: ['security_scan'],
        approved: true,
      });
      const gates = await gatesOf(id);
      expect(gate(gates.gates, 'security_scan')).toMatchObject({
        status: 'passed_by_exception',
        exception_id: `${id}-EXC-2`,
        reason: expect.stringContaining('2 critical'),
      });
      expect(gate(gates.gates, 'code_review').status).toBe('failed');
      expect(gates.decision).toBe('deny');
    });

    it('refuses an exception that would waive the approval or name no known gate', async () => {
      const refused = await post(`/change-requests/${id}/exceptions`, 'requester', {
        deviation: 'Deploy without approval',
        risk_assessment: 'None',
        gates: ['approval'],
      }).expect(400);
      expect(refused.body.errors).toEqual([
        { field: 'gates', reason: expect.stringMatching(/approval/) },
      ]);
      const unknown = await post(`/change-requests/${id}/exceptions`, 'requester', {
        deviation: 'Skip the dance',
        risk_assessment: 'None',
        gates: ['dance'],
      }).expect(400);
      expect(unknown.body.errors).toEqual([{ field: 'gates', reason: expect.any(String) }]);
    });

    it('authorizes the deployment once every failing gate is passed or waived', async () => {
      await post(`/change-requests/${id}/exceptions`, 'changeManager', {
        deviation: 'One reviewer, no senior engineer available this week',
        risk_assessment: 'A two-line change; the reviewer owns the module',
        gates: ['code_review'],
      }).expect(200);
      await signOff(`/change-requests/${id}/exceptions/approve`);
      expect((await gatesOf(id)).decision).toBe('allow');
      const deployed = await deploy(id);
      expect(deployed.body).toMatchObject({ authorized: true, reason: null });
      expect(gate(deployed.body.gate.gates, 'code_review')).toMatchObject({
        status: 'passed_by_exception',
        exception_id: `${id}-EXC-3`,
      });
    });
  });

  describe('when a policy exception names a gate for a service and a period', () => {
    let exceptionId = '';
    beforeAll(async () => {
      const requested = await post('/policy-exceptions', 'changeManager', {
        deviation: 'The SAST scanner is being replaced; reviews are short-handed this week',
        risk_assessment: 'Payments deploys behind a feature flag until the new scanner is live',
        gates: ['security_scan', 'code_review'],
        services: ['payments'],
        from: new Date(Date.now() - HOUR).toISOString(),
        to: new Date(Date.now() + HOUR).toISOString(),
      }).expect(201);
      exceptionId = requested.body.exception_id;
      expect(requested.body).toMatchObject({ approved: false, services: ['payments'] });
    });

    it('waives those gates for the changes of that service only once approved', async () => {
      const payments = await approvedChangeFailingItsScan('Rotate the payments key');
      expect(gate((await gatesOf(payments)).gates, 'security_scan').status).toBe('failed');
      const approved = await signOff(`/policy-exceptions/${exceptionId}/approve`);
      expect(approved).toMatchObject({ exception_id: exceptionId, approved: true });

      const gates = await gatesOf(payments);
      expect(gate(gates.gates, 'security_scan')).toMatchObject({
        status: 'passed_by_exception',
        exception_id: exceptionId,
      });
      expect(gates.decision).toBe('allow');
      expect((await deploy(payments)).body).toMatchObject({ authorized: true });

      const wider = await approvedChangeFailingItsScan('Rotate keys everywhere', [
        'payments',
        'ledger',
      ]);
      expect(gate((await gatesOf(wider)).gates, 'security_scan').status).toBe('failed');
    });

    it('lists the exceptions for every reader, and refuses a service’s or a requester’s sign-off', async () => {
      const listed = await http()
        .get(`${API}/policy-exceptions`)
        .set(bearer('auditor'))
        .expect(200);
      expect(listed.body.policy_exceptions).toEqual([
        expect.objectContaining({
          exception_id: exceptionId,
          gates: ['security_scan', 'code_review'],
        }),
      ]);
      const other = await post('/policy-exceptions', 'headOfEngineering', {
        deviation: 'Deploy outside the window',
        risk_assessment: 'Low traffic',
        gates: ['deployment_window'],
        services: ['edge'],
        from: new Date().toISOString(),
        to: new Date(Date.now() + HOUR).toISOString(),
      }).expect(201);
      const own = await post(
        `/policy-exceptions/${other.body.exception_id}/approve`,
        'headOfEngineering',
        {},
      ).expect(403);
      expect(own.body.code).toBe('POLICY_EXCEPTION.SELF_APPROVAL');
      const byService = await post('/policy-exceptions', 'pipeline', {
        deviation: 'x',
        risk_assessment: 'y',
        gates: ['security_scan'],
        services: ['edge'],
        from: new Date().toISOString(),
        to: new Date(Date.now() + HOUR).toISOString(),
      }).expect(403);
      expect(byService.body.code).toBe('POLICY_EXCEPTION.NOT_A_PERSON');
      const backwards = await post('/policy-exceptions', 'changeManager', {
        deviation: 'x',
        risk_assessment: 'y',
        gates: ['security_scan'],
        services: ['edge'],
        from: new Date().toISOString(),
        to: new Date(Date.now() - HOUR).toISOString(),
      }).expect(400);
      expect(backwards.body.errors).toEqual([{ field: 'to', reason: expect.any(String) }]);
    });

    it('takes dates for its period, as other periods do: the end date includes its day', async () => {
      const requested = await post('/policy-exceptions', 'changeManager', {
        deviation: 'Reviews are short-handed over the holiday',
        risk_assessment: 'Edge deploys only configuration over the holiday',
        gates: ['code_review'],
        services: ['edge'],
        from: '2026-12-24',
        to: '2026-12-26',
      }).expect(201);
      expect(requested.body).toMatchObject({
        from: '2026-12-24T00:00:00.000Z',
        to: '2026-12-27T00:00:00.000Z',
      });
    });

    it('waives nothing for a deployment of a service it does not name', async () => {
      // The change declares payments only; CI deploys the ledger service under it.
      const payments = await approvedChangeFailingItsScan('Rotate the payments key, deploy ledger');
      const deployed = await deploy(payments, new Date(), 'ledger');
      expect(deployed.body).toMatchObject({ authorized: false });
      expect(gate(deployed.body.gate.gates, 'security_scan').status).toBe('failed');
      expect(gate(deployed.body.gate.gates, 'code_review').status).toBe('failed');
    });

    it('waives nothing outside its period, whatever time CI reports', async () => {
      // Approved for billing from an hour from now: a deployment now that reports a time inside
      // that period is judged when the ledger received it, outside it.
      const later = await post('/policy-exceptions', 'changeManager', {
        deviation: 'Billing scanner maintenance tonight',
        risk_assessment: 'Billing deploys behind a feature flag tonight',
        gates: ['security_scan', 'code_review'],
        services: ['billing'],
        from: new Date(Date.now() + HOUR).toISOString(),
        to: new Date(Date.now() + 3 * HOUR).toISOString(),
      }).expect(201);
      await signOff(`/policy-exceptions/${later.body.exception_id}/approve`);
      const billing = await approvedChangeFailingItsScan('Rotate the billing key', ['billing']);
      const reported = new Date(Date.now() + 2 * HOUR);
      const deployed = await deploy(billing, reported, 'billing');
      expect(deployed.body).toMatchObject({ authorized: false });
      expect(gate(deployed.body.gate.gates, 'security_scan').status).toBe('failed');
      expect(Date.parse(deployed.body.gate.evaluated_at)).toBeLessThan(reported.getTime() - HOUR);
      expect(deployed.body.gate.reported_at).toBe(reported.toISOString());
    });
  });

  describe('when CI reports a time of its choosing', () => {
    it('judges the window at the time the ledger received the deployment, and keeps the reported time beside it', async () => {
      // Scheduled "Tuesday 10:00" (a day's notice ahead); CI deploys "Thursday" and reports a time
      // inside Tuesday's window — late, but not late enough to be flagged.
      const id = await approvedChangeFailingItsScan('Rotate the session key');
      const scheduledFor = new Date(clock.now().getTime() + 25 * HOUR);
      await post(`/change-requests/${id}/schedule`, 'changeManager', {
        scheduled_for: scheduledFor.toISOString(),
      }).expect(200);
      const reported = new Date(scheduledFor.getTime() + 30 * 60 * 1000);
      clock.advance(4 * 24 * 60);
      const received = clock.now().getTime();
      const deployed = await deploy(id, reported);
      expect(deployed.body).toMatchObject({ authorized: false });
      expect(gate(deployed.body.gate.gates, 'deployment_window')).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('outside the scheduled window'),
      });
      expect(deployed.body.reason).toContain('deployment_window');
      expect(Date.parse(deployed.body.gate.evaluated_at)).toBeGreaterThanOrEqual(received);
      expect(deployed.body.gate.reported_at).toBe(reported.toISOString());
    });
  });
});
