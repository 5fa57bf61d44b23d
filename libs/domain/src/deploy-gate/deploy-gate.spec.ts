import { type ChangeRequestEvent } from '../change-request/change-request.events';
import { type Policy } from '../policy/policy';
import { evaluateDeployGates, type GateResult } from './deploy-gate';
import {
  approvedSteps,
  berlinCalendar,
  changeManager,
  ciso,
  command,
  create,
  createEmergency,
  fact,
  given,
  mfa,
  policy,
  report,
  requester,
  stateAfter,
  type Step,
} from '../change-request/testing/specs';

describe('the deploy gate', () => {
  describe('when a production deployment is asked for', () => {
    const gatePolicy: Policy = {
      ...policy,
      deployGates: {
        codeReview: { minimumReviewers: 2, seniorReviewers: ['sara'] },
        deploymentWindows: [
          { days: ['mon', 'tue', 'wed', 'thu'], startMinute: 360, endMinute: 960 },
        ],
      },
    };
    const review = (reviewer: string, decision: 'approved' | 'changes_requested' = 'approved') =>
      report(fact({ kind: 'code_review', environment: null, review: { reviewer, decision } }));
    const evidence = (): Step[] => [
      review('sara'),
      review('tom'),
      report(fact({ kind: 'test_run', environment: 'ci', tests: { total: 120, failed: 0 } })),
      report(
        fact({ kind: 'security_scan', environment: null, findings: { critical: 0, high: 0 } }),
      ),
      report(fact({ kind: 'deployment', environment: 'staging' })),
    ];
    const gate = (
      events: ChangeRequestEvent[],
      now = '2025-02-04T10:00:00.000Z',
      env = 'production',
    ) => evaluateDeployGates(stateAfter(events), env, gatePolicy, now);
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
        reason: 'the latest scan ended failure (severity critical)',
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
      evaluateDeployGates(stateAfter(events), 'production', calendarPolicy, now).gates.find(
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
});
