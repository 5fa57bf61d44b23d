import { type ChangeRequestEvent } from '../change-request/change-request.events';
import { type Policy } from '../policy/policy';
import { evaluateDeployGates, type GateResult } from './deploy-gate';
import { type StandingException } from '../standing-exception/standing-exception';
import {
  approvedSteps,
  berlinCalendar,
  changeManager,
  ciso,
  codeReview as review,
  command,
  create,
  createEmergency,
  criticalScan,
  fact,
  gatedPolicy,
  gateEvidence as evidence,
  given,
  mfa,
  person,
  policy,
  report,
  requester,
  stateAfter,
  type Step,
} from '../change-request/testing/specs';

describe('the deploy gate', () => {
  describe('when a production deployment is asked for', () => {
    const gatePolicy: Policy = {
      ...gatedPolicy,
      deployGates: {
        ...gatedPolicy.deployGates,
        deploymentWindows: [
          { days: ['mon', 'tue', 'wed', 'thu'], startMinute: 360, endMinute: 960 },
        ],
      },
    };
    const gate = (
      events: ChangeRequestEvent[],
      now = '2025-02-04T10:00:00.000Z',
      env = 'production',
    ) => evaluateDeployGates(stateAfter(events), env, gatePolicy, now, []);
    const status = (gates: GateResult[]) =>
      Object.fromEntries(gates.map((result) => [result.gate, result.status]));

    it('allows an approved change with all its evidence inside a window', () => {
      const result = gate(given(...approvedSteps(), ...evidence()));
      expect(result.decision).toBe('allow');
      expect(new Set(Object.values(status(result.gates)))).toEqual(new Set(['passed']));
      expect(result.gates.find((g) => g.gate === 'code_review')!.evidence).toMatchObject({
        senior_reviewers: ['sara'],
      });
    });

    it('denies with every missing gate named at once', () => {
      const result = gate(given([requester, create()]), '2025-02-08T10:00:00.000Z');
      expect(result.decision).toBe('deny');
      expect(status(result.gates)).toEqual({
        code_review: 'failed',
        automated_tests: 'failed',
        security_scan: 'failed',
        staging_validation: 'failed',
        rollback_plan: 'passed',
        approval: 'failed',
        deployment_window: 'failed',
      });
      expect(result.gates.find((g) => g.gate === 'approval')!.reason).toMatch(
        /awaiting approval by/,
      );
    });

    it('counts a reviewer by their last word, never the author, and needs a senior', () => {
      const history = given(
        ...approvedSteps(),
        ...evidence(),
        review('sara', 'changes_requested'),
        review('user-123'),
      );
      const codeReview = gate(history).gates.find((g) => g.gate === 'code_review')!;
      expect(codeReview.status).toBe('failed');
      expect(codeReview.reason).toMatch(/2 approving reviewers are needed, 1 recorded/);
      expect(codeReview.reason).toMatch(/senior/);
    });

    it('fails on failing tests and on unaddressed high findings', () => {
      const history = given(
        ...approvedSteps(),
        ...evidence(),
        report(fact({ kind: 'test_run', outcome: 'failure', tests: { total: 120, failed: 3 } })),
        report(fact({ kind: 'security_scan', findings: { critical: 0, high: 2 } })),
      );
      const gates = status(gate(history).gates);
      expect(gates).toMatchObject({ automated_tests: 'failed', security_scan: 'failed' });
    });

    it('fails a scan that failed or errored whatever its findings, and one that states none', () => {
      const scan = (fields: Parameters<typeof fact>[0]) =>
        gate(
          given(
            ...approvedSteps(),
            ...evidence(),
            report(fact({ kind: 'security_scan', ...fields })),
          ),
        ).gates.find((g) => g.gate === 'security_scan')!;
      const failedScan = scan({
        outcome: 'failure',
        severity: 'critical',
        findings: { critical: 0, high: 0 },
      });
      expect(failedScan).toMatchObject({
        status: 'failed',
        reason:
          'the latest scan ended failure with 0 critical and 0 high findings (severity critical)',
      });
      expect(scan({ outcome: 'error', findings: null })).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/ended error/),
      });
      expect(scan({ outcome: 'success', findings: null })).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/unknown is not a pass/),
      });
      expect(scan({ outcome: 'success', findings: { critical: 0, high: 0 } }).status).toBe(
        'passed',
      );
    });

    it('does not count a review that states no decision, nor let it erase an earlier approval', () => {
      const silent = report(
        fact({
          kind: 'code_review',
          environment: null,
          review: { reviewer: 'tom', decision: null },
        }),
      );
      const withoutTom = given(...approvedSteps(), review('sara'), silent);
      expect(gate(withoutTom).gates.find((g) => g.gate === 'code_review')!.reason).toMatch(
        /2 approving reviewers are needed, 1 recorded/,
      );
      const afterApproval = given(...approvedSteps(), ...evidence(), silent);
      expect(status(gate(afterApproval).gates).code_review).toBe('passed');
    });

    it('lets an emergency change through on the emergency path, gates marked not applicable', () => {
      const hotfix = given([requester, createEmergency({ ...mfa, priority: 'critical' })]);
      const result = gate(hotfix, '2025-02-08T03:00:00.000Z');
      expect(result.decision).toBe('allow');
      expect(status(result.gates)).toMatchObject({
        approval: 'passed',
        code_review: 'not_applicable',
        deployment_window: 'not_applicable',
      });
    });

    it('does not gate staging', () => {
      const result = gate(given([requester, create()]), '2025-02-08T03:00:00.000Z', 'staging');
      expect(result.decision).toBe('allow');
    });
  });

  describe('when the change calendar applies', () => {
    const calendarPolicy: Policy = { ...policy, calendar: berlinCalendar };
    const window = (now: string, events: ChangeRequestEvent[]) =>
      evaluateDeployGates(stateAfter(events), 'production', calendarPolicy, now, []).gates.find(
        (result) => result.gate === 'deployment_window',
      )!;
    const scheduled = (scheduledFor: string, by = changeManager) =>
      given(...approvedSteps(), [
        by,
        command('ScheduleChange', {
          scheduledFor,
          scheduledUntil: null,
          maintenanceWindow: true,
          policy: calendarPolicy,
        }),
      ]);

    it('passes a scheduled change inside its scheduled window and fails it outside', () => {
      const events = scheduled('2025-01-30T01:00:00.000Z');
      expect(window('2025-01-30T01:30:00.000Z', events).status).toBe('passed');
      const late = window('2025-01-30T03:00:00.000Z', events);
      expect(late.status).toBe('failed');
      expect(late.reason).toMatch(/outside the scheduled window/);
    });

    it('fails an unscheduled normal change outside the maintenance window, passes it inside', () => {
      const events = given(...approvedSteps());
      expect(window('2025-01-28T12:00:00.000Z', events).status).toBe('failed');
      expect(window('2025-01-28T01:15:00.000Z', events).status).toBe('passed');
    });

    it('fails inside a blackout unless the schedule was allowed into it', () => {
      const unscheduled = given(...approvedSteps());
      expect(window('2025-12-23T01:15:00.000Z', unscheduled).reason).toMatch(/year-end freeze/);
      const overridden = scheduled('2025-12-23T01:00:00.000Z', ciso);
      expect(window('2025-12-23T01:15:00.000Z', overridden).status).toBe('passed');
    });
  });

  describe('when a policy exception waives a failing gate', () => {
    const head = person('hana', 'head-of-engineering');
    const officer = person('omar', 'security-officer');
    const now = '2025-02-04T10:00:00.000Z';
    const exception = (gates: string[]): Step[] => [
      [
        requester,
        command('RequestPolicyException', {
          deviation: 'Ship with the scanner findings open',
          riskAssessment: 'The findings are in test code only',
          gates,
          policy,
        }),
      ],
      [head, command('ApprovePolicyException', { role: null, policy })],
      [officer, command('ApprovePolicyException', { role: null, policy })],
    ];
    const failingScan = () => [...approvedSteps(), ...evidence(), criticalScan()];
    const decide = (events: ChangeRequestEvent[], standing: StandingException[] = [], at = now) =>
      evaluateDeployGates(stateAfter(events), 'production', gatedPolicy, at, standing);
    const scanGate = (result: ReturnType<typeof decide>) =>
      result.gates.find((candidate) => candidate.gate === 'security_scan')!;

    it('passes that gate by the approved exception that names it, with its id, keeping why it failed', () => {
      const result = decide(given(...failingScan(), ...exception(['security_scan'])));
      expect(result.decision).toBe('allow');
      expect(scanGate(result)).toMatchObject({
        status: 'passed_by_exception',
        exception_id: 'CHG-2025-001-EXC-1',
        reason: expect.stringMatching(
          /^waived by the approved exception CHG-2025-001-EXC-1: .*2 critical/,
        ),
        evidence: { findings: { critical: 2, high: 0 } },
      });
    });

    it('waives nothing by an exception that names another gate, none, or is not approved yet', () => {
      expect(scanGate(decide(given(...failingScan(), ...exception(['code_review'])))).status).toBe(
        'failed',
      );
      expect(scanGate(decide(given(...failingScan(), ...exception([])))).status).toBe('failed');
      const requestedOnly = exception(['security_scan']).slice(0, 2);
      expect(scanGate(decide(given(...failingScan(), ...requestedOnly))).status).toBe('failed');
    });

    it('never waives a gate that passed, and never the approval', () => {
      const pending = given([requester, create()], ...exception(['security_scan']));
      const result = decide(pending);
      expect(result.gates.find((candidate) => candidate.gate === 'approval')!.status).toBe(
        'failed',
      );
      expect(result.decision).toBe('deny');
      const passing = decide(
        given(...approvedSteps(), ...evidence(), ...exception(['security_scan'])),
      );
      expect(scanGate(passing)).toMatchObject({ status: 'passed' });
      expect(scanGate(passing).exception_id).toBeUndefined();
    });

    describe('for a service and a period', () => {
      const standing = (overrides: Partial<StandingException> = {}): StandingException => ({
        exceptionId: 'EXC-0001',
        deviation: 'The scanner is being replaced',
        riskAssessment: 'Behind a feature flag',
        gates: ['security_scan'],
        services: ['Authentication-Service ', 'admin-ui', 'billing'],
        from: '2025-02-01T00:00:00.000Z',
        to: '2025-02-08T00:00:00.000Z',
        requestedBy: 'carl',
        requestedAt: '2025-01-31T00:00:00.000Z',
        approvals: [
          { approverId: 'hana', role: 'head-of-engineering' },
          { approverId: 'omar', role: 'security-officer' },
        ],
        approved: true,
        approvedAt: '2025-01-31T01:00:00.000Z',
        ...overrides,
      });

      it('waives the gate for a change whose every affected system it names, inside its period', () => {
        const result = decide(given(...failingScan()), [standing()]);
        expect(scanGate(result)).toMatchObject({
          status: 'passed_by_exception',
          exception_id: 'EXC-0001',
        });
      });

      it('waives nothing outside its period, for a system it does not name, or before approval', () => {
        const events = given(...failingScan());
        expect(scanGate(decide(events, [standing()], '2025-02-08T00:00:00.000Z')).status).toBe(
          'failed',
        );
        expect(scanGate(decide(events, [standing({ services: ['admin-ui'] })])).status).toBe(
          'failed',
        );
        expect(scanGate(decide(events, [standing({ approved: false })])).status).toBe('failed');
        expect(scanGate(decide(events, [standing({ gates: ['code_review'] })])).status).toBe(
          'failed',
        );
      });

      it('waives nothing for a deployment of a service it does not name, whatever the change declares', () => {
        const change = stateAfter(given(...failingScan()));
        const deploying = (service: string | null) =>
          scanGate(
            evaluateDeployGates(change, 'production', gatedPolicy, now, [standing()], service),
          ).status;
        expect(deploying('payments')).toBe('failed');
        expect(deploying(' Billing')).toBe('passed_by_exception');
        expect(deploying(null)).toBe('passed_by_exception');
      });

      it('prefers the change’s own exception when both name the gate', () => {
        const events = given(...failingScan(), ...exception(['security_scan']));
        expect(scanGate(decide(events, [standing()])).exception_id).toBe('CHG-2025-001-EXC-1');
      });
    });
  });
});
