import { fact } from '../change-request/testing/specs';
import { approvingReviewer, describeCiFact, scanVerdict } from './ci-fact-reading';

describe('reading a CI fact', () => {
  describe('when a scan is judged', () => {
    it('fails what ended badly, whatever its findings, and what counts nothing', () => {
      const scan = (fields: Parameters<typeof fact>[0]) =>
        scanVerdict(fact({ kind: 'security_scan', ...fields }));
      expect(scan({ outcome: 'cancelled', findings: { critical: 0, high: 0 } })).toEqual({
        passed: false,
        reason: 'the latest scan ended cancelled with 0 critical and 0 high findings',
      });
      expect(scan({ outcome: 'failure', findings: null }).reason).toBe(
        'the latest scan ended failure',
      );
      expect(scan({ outcome: null, findings: null }).passed).toBe(false);
      expect(scan({ outcome: null, findings: { critical: 0, high: 0 } }).passed).toBe(true);
      expect(scan({ outcome: 'success', findings: { critical: 1, high: 0 } })).toEqual({
        passed: false,
        reason: 'the latest scan has 1 critical and 0 high findings unaddressed',
      });
    });
  });

  describe('when a review is counted', () => {
    it('counts a named reviewer who approved, and nobody else', () => {
      const review = (reviewer: string | null, decision: 'approved' | 'commented' | null) =>
        approvingReviewer(fact({ kind: 'code_review', review: { reviewer, decision } }));
      expect(review('rita', 'approved')).toBe('rita');
      expect(review('rita', null)).toBeNull();
      expect(review('rita', 'commented')).toBeNull();
      expect(review(null, 'approved')).toBeNull();
    });
  });

  describe('when what a fact said is written out', () => {
    it.each([
      [
        { kind: 'test_run', outcome: 'failure', tests: { total: 120, failed: 3 } },
        'tests 120/3 failed',
      ],
      [{ kind: 'test_run', tests: null }, 'tests success, counts not stated'],
      [{ kind: 'security_scan', findings: { critical: 2, high: 0 } }, 'scan: 2 critical'],
      [
        { kind: 'security_scan', outcome: 'failure', severity: 'critical', findings: null },
        'scan failure (severity critical), findings not stated',
      ],
      [
        { kind: 'code_review', review: { reviewer: null, decision: null } },
        'review: decision not stated, reviewer not stated',
      ],
      [
        { kind: 'code_review', review: { reviewer: 'rita', decision: 'changes_requested' } },
        'review: changes requested by rita',
      ],
      [
        { kind: 'deployment', environment: 'staging', service: 'auth' },
        'deployment of auth to staging: success',
      ],
      [
        { kind: 'incident', incident: { id: 'INC-7', severity: null, phase: 'reported' } },
        'incident INC-7 reported, severity not stated',
      ],
    ] as const)('%j says %s', (fields, said) => {
      expect(describeCiFact(fact(fields as Parameters<typeof fact>[0]))).toBe(said);
    });
  });
});
