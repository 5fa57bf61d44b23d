import { type RecordedGate } from '../../deploy-gate/gate-result';
import { type StandingException } from '../../standing-exception/standing-exception';
import {
  approve,
  approvedByChangeManagerAlone,
  approvedSteps,
  command,
  create,
  createEmergency,
  criticalScan,
  fact,
  fullyApproved,
  gatedPolicy,
  gateEvidence,
  given,
  ID,
  mfa,
  person,
  policy,
  report,
  requester,
  securityTeam,
  stateAfter,
  type Step,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest with CI facts', () => {
  const approved = () => given([requester, create()], ...fullyApproved());

  describe('when a production deployment is reported', () => {
    it('starts the implementation of an approved change the gate allows, and it is authorized', () => {
      const ready = given([requester, create()], ...fullyApproved(), ...gateEvidence());
      const events = when(ready, report(fact({}), { policy: gatedPolicy }));
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      expect(events[0]!.data).toMatchObject({
        authorized: true,
        reason: null,
        gate: { decision: 'allow', policyVersion: 'spec@1' },
      });
      expect(events[1]!.data.by).toBe('github.com/acme/auth');
    });

    it('is recorded and flagged unauthorized when the change is not approved yet', () => {
      const pending = given([requester, create()], [securityTeam, approve()]);
      const events = when(pending, report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(/pending_approval/);
    });

    it('is flagged unauthorized when the rollback plan is incomplete, and does not start it', () => {
      const vague = given(
        [requester, create({ ...mfa, rollbackPlan: 'revert it' })],
        ...fullyApproved(),
      );
      const events = when(vague, report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect((events[0]!.data as { reason: string }).reason).toMatch(/rollback_plan/);
    });

    it('is flagged when the person the pipeline reports approved the change alone (separation of duties)', () => {
      const soleApprover = given(...approvedByChangeManagerAlone());
      expect(stateAfter(soleApprover).status).toBe('approved');
      const events = when(soleApprover, report(fact({ actor: 'carl' })));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(/approved .* alone/);
    });

    it('starts the 24-hour documentation clock of an emergency change', () => {
      const hotfix = given([
        requester,
        createEmergency({ ...mfa, priority: 'critical', rollbackPlan: null }),
      ]);
      const events = when(hotfix, report(fact({})), '2025-03-01T08:00:00.000Z');
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      expect(events[1]!.data).toMatchObject({ documentationDueAt: '2025-03-02T08:00:00.000Z' });
      expect(events[0]!.data).toMatchObject({ authorized: true });
    });

    it('records a failed deployment without moving the change along', () => {
      const events = when(approved(), report(fact({ outcome: 'failure' })));
      expect(types(events)).toEqual(['DeploymentRecorded']);
    });

    it('records the same fact delivered twice once', () => {
      const deployed = fact({});
      const history = [...approved(), ...when(approved(), report(deployed))];
      expect(when(history, report(deployed))).toEqual([]);
    });

    it('records another fact whose source and id only join to the same text', () => {
      const first = fact({ source: 'ci.acme', id: 'build 7', outcome: 'failure' });
      const history = [...approved(), ...when(approved(), report(first))];
      const other = fact({ source: 'ci.acme build', id: '7' });
      expect(types(when(history, report(other)))).toEqual([
        'DeploymentRecorded',
        'ChangeImplementationStarted',
      ]);
    });

    it('does not judge a deployment outside production', () => {
      const pending = given([requester, create()]);
      const events = when(pending, report(fact({ environment: 'staging' })));
      expect(events[0]!.data).toMatchObject({ authorized: null, reason: null, gate: null });
    });
  });

  describe('when the deploy gate denies a production deployment (ADR 0022)', () => {
    const gateOf = (events: ReturnType<typeof when>) =>
      (events[0]!.data as { gate: RecordedGate }).gate;
    const failingScanSteps = (): Step[] => [
      [requester, create()],
      ...fullyApproved(),
      ...gateEvidence(),
      criticalScan(),
    ];
    const failingScan = () => given(...failingScanSteps());
    const deployed = (history = failingScan(), at = '2025-02-04T10:00:00.000Z', under = {}) =>
      when(history, report(fact({ occurredAt: at }), { policy: gatedPolicy, ...under }), at);

    it('records it unauthorized, the failed gates its reasons, the gate as it answered then', () => {
      const events = deployed();
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(
        /^the deploy gate denied it \(003 §3\): security_scan: the latest scan has 2 critical/,
      );
      expect(gateOf(events)).toMatchObject({
        decision: 'deny',
        evaluatedAt: '2025-02-04T10:00:00.000Z',
        policyVersion: 'spec@1',
      });
      expect(gateOf(events).gates.map(({ gate, status }) => [gate, status])).toContainEqual([
        'security_scan',
        'failed',
      ]);
    });

    it('still starts the implementation: the change is in production, flagged', () => {
      const history = failingScan();
      const events = deployed(history);
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      const after = stateAfter([...history, ...events]);
      expect(after.status).toBe('implementing');
      expect(after.unauthorizedDeployments).toEqual([
        expect.objectContaining({ reason: expect.stringContaining('security_scan') }),
      ]);
    });

    it('keeps the answer it recorded: a passing scan reported afterwards changes nothing recorded', () => {
      const history = failingScan();
      const events = deployed(history);
      const later = [...history, ...events];
      const rescanned = when(
        later,
        report(
          fact({ kind: 'security_scan', environment: null, findings: { critical: 0, high: 0 } }),
        ),
      );
      const state = stateAfter([...later, ...rescanned]);
      expect(state.unauthorizedDeployments).toHaveLength(1);
      expect(gateOf(events).decision).toBe('deny');
    });

    it('is authorized when an approved exception for this change names the failing gate', () => {
      const head = person('hana', 'head-of-engineering');
      const officer = person('omar', 'security-officer');
      const exception = (gates: string[]): Step[] => [
        [
          requester,
          command('RequestPolicyException', { deviation: 'd', riskAssessment: 'r', gates, policy }),
        ],
        [head, command('ApprovePolicyException', { role: null, policy })],
        [officer, command('ApprovePolicyException', { role: null, policy })],
      ];
      const waived = deployed(given(...failingScanSteps(), ...exception(['security_scan'])));
      expect(waived[0]!.data).toMatchObject({ authorized: true, reason: null });
      expect(gateOf(waived).gates.find(({ gate }) => gate === 'security_scan')).toMatchObject({
        status: 'passed_by_exception',
        exception_id: `${ID}-EXC-1`,
      });
      const other = deployed(given(...failingScanSteps(), ...exception(['code_review'])));
      expect(other[0]!.data).toMatchObject({ authorized: false });
    });

    const standing: StandingException = {
      exceptionId: 'EXC-0001',
      deviation: 'The scanner is being replaced',
      riskAssessment: 'Behind a feature flag',
      gates: ['security_scan'],
      services: ['authentication-service', 'admin-ui'],
      from: '2025-02-01T00:00:00.000Z',
      to: '2025-02-05T00:00:00.000Z',
      requestedBy: 'carl',
      requestedAt: '2025-01-31T00:00:00.000Z',
      approvals: [],
      approved: true,
      approvedAt: '2025-01-31T01:00:00.000Z',
    };

    it('is judged when the ledger received it, not at the time CI reports, which it keeps beside', () => {
      // CI deploys after the exception ended and reports a time inside it.
      const reportedAt = '2025-02-04T10:00:00.000Z';
      const receivedAt = '2025-02-06T22:00:00.000Z';
      const events = when(
        failingScan(),
        report(fact({ occurredAt: reportedAt }), {
          policy: gatedPolicy,
          standingExceptions: [standing],
          receivedAt,
        }),
        // The command's time is the reported one, as the ingestion states it.
        reportedAt,
      );
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect(gateOf(events)).toMatchObject({ evaluatedAt: receivedAt, reportedAt });
      expect(gateOf(events).gates.find(({ gate }) => gate === 'security_scan')).toMatchObject({
        status: 'failed',
      });
    });

    it('is passed by an exception for a service only when the deployed service is one it names', () => {
      const under = { policy: gatedPolicy, standingExceptions: [standing] };
      const at = '2025-02-04T10:00:00.000Z';
      const named = when(
        failingScan(),
        report(fact({ occurredAt: at, service: 'admin-ui' }), under),
        at,
      );
      expect(named[0]!.data).toMatchObject({ authorized: true });
      const other = when(
        failingScan(),
        report(fact({ occurredAt: at, service: 'payments' }), under),
        at,
      );
      expect(other[0]!.data).toMatchObject({ authorized: false });
      expect(gateOf(other).gates.find(({ gate }) => gate === 'security_scan')).toMatchObject({
        status: 'failed',
      });
    });

    it('is authorized by an approved exception for its service in force when the ledger received it, not after', () => {
      const inside = deployed(failingScan(), '2025-02-04T10:00:00.000Z', {
        standingExceptions: [standing],
      });
      expect(inside[0]!.data).toMatchObject({ authorized: true });
      const after = deployed(failingScan(), '2025-02-05T10:00:00.000Z', {
        standingExceptions: [standing],
      });
      expect(after[0]!.data).toMatchObject({ authorized: false });
    });
  });

  describe('when a production rollback is reported', () => {
    it('rolls the change back and opens a P3 incident with its review deadline (003 §4)', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const events = when(implementing, report(fact({ kind: 'rollback', outcome: 'success' })));
      expect(types(events)).toEqual(['RollbackRecorded', 'ChangeRolledBack', 'IncidentRecorded']);
      expect(events[2]!.data).toMatchObject({ incidentId: `INC-${ID}`, severity: 'P3' });
      expect(stateAfter([...implementing, ...events]).status).toBe('rolled_back');
    });

    it('keeps the incident the pipeline named', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const incident = { id: 'INC-77', severity: 'P1' as const, phase: 'detected' as const };
      const events = when(implementing, report(fact({ kind: 'rollback', incident })));
      expect(events[2]!.data).toMatchObject({ incidentId: 'INC-77', severity: 'P1' });
    });

    it('opens the incident at the severity the rollback names, even without an incident id', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const incident = { id: null, severity: 'P2' as const, phase: 'detected' as const };
      const events = when(implementing, report(fact({ kind: 'rollback', incident })));
      expect(events[2]!.data).toMatchObject({ incidentId: `INC-${ID}`, severity: 'P2' });
    });
  });

  describe('when an incident is reported against the change', () => {
    const incident = (phase: 'detected' | 'reported' | 'resolved', severity: 'P1' | null = null) =>
      report(fact({ kind: 'incident', outcome: null, incident: { id: 'INC-7', severity, phase } }));

    it("opens the change's incident, P3 when the report states no severity (003 §4)", () => {
      const events = when(approved(), incident('reported'));
      expect(types(events)).toEqual(['CiEvidenceRecorded', 'IncidentRecorded']);
      expect(events[1]!.data).toMatchObject({ incidentId: 'INC-7', severity: 'P3' });
      expect(
        (events[0]!.data as { fact: { incident: { severity: null } } }).fact.incident.severity,
      ).toBeNull();
    });

    it('keeps only the evidence of a resolution, or of a second incident', () => {
      expect(types(when(approved(), incident('resolved')))).toEqual(['CiEvidenceRecorded']);
      const opened = [...approved(), ...when(approved(), incident('detected', 'P1'))];
      const other = report(
        fact({
          kind: 'incident',
          outcome: null,
          incident: { id: 'INC-8', severity: 'P1', phase: 'reported' },
        }),
      );
      expect(types(when(opened, other))).toEqual(['CiEvidenceRecorded']);
    });
  });
});
