import { type CiFact } from './ci-fact';

/**
 * How the ledger reads a CI fact where a rule or a reader needs it: a scan's verdict, whether a
 * review approves, and what the fact said in words. One place, so the deploy gate, the change's
 * history, the evidence bundle and the read API never read a fact two ways (ADR 0025).
 */

/** A scan's verdict for the security-scan gate (SOC-GATES: no unaddressed critical or high findings). */
export interface ScanVerdict {
  passed: boolean;
  reason: string;
}

/**
 * A scan that failed, errored or was cancelled fails, whatever findings it states (a scanner that
 * crashed has found nothing, not proved there is nothing); one that states no count of findings
 * fails too: unknown is not zero. Only a scan that ended well (or said nothing of its end) with
 * no critical and no high finding passes.
 */
export function scanVerdict(scan: CiFact): ScanVerdict {
  const severity = scan.severity ? ` (severity ${scan.severity})` : '';
  if (scan.outcome !== null && scan.outcome !== 'success') {
    // Failed whatever it found; what it found, when it says, is what the reader acts on.
    const found = scan.findings
      ? ` with ${scan.findings.critical} critical and ${scan.findings.high} high findings`
      : '';
    return { passed: false, reason: `the latest scan ended ${scan.outcome}${found}${severity}` };
  }
  if (!scan.findings) {
    return {
      passed: false,
      reason: `the latest scan states no count of critical and high findings${severity}: unknown is not a pass`,
    };
  }
  const { critical, high } = scan.findings;
  return critical + high === 0
    ? { passed: true, reason: 'the latest scan has no unaddressed critical or high findings' }
    : {
        passed: false,
        reason: `the latest scan has ${critical} critical and ${high} high findings unaddressed`,
      };
}

/** The reviewer a review counts for, when it names one and states an approval; null otherwise. */
export function approvingReviewer(review: CiFact): string | null {
  return review.review?.reviewer && review.review.decision === 'approved'
    ? review.review.reviewer
    : null;
}

/**
 * What a fact said, in a few words, as a reader of the change's history or an auditor wants it:
 * "tests 120/3 failed", "scan: 2 critical", "review: approved by rita". Only what the fact states:
 * an unstated count or decision reads as not stated, never as zero or approved.
 */
export function describeCiFact(fact: CiFact): string {
  const outcome = fact.outcome ?? 'outcome not stated';
  switch (fact.kind) {
    case 'test_run': {
      if (!fact.tests) return `tests ${outcome}, counts not stated`;
      const { total, failed } = fact.tests;
      return total === null
        ? `tests: ${failed} failed (total not stated)`
        : `tests ${total}/${failed} failed`;
    }
    case 'security_scan': {
      const severity = fact.severity ? ` (severity ${fact.severity})` : '';
      if (!fact.findings) return `scan ${outcome}${severity}, findings not stated`;
      const { critical, high } = fact.findings;
      const found = [
        critical > 0 ? `${critical} critical` : null,
        high > 0 ? `${high} high` : null,
      ].filter((part) => part !== null);
      const ended = fact.outcome !== null && fact.outcome !== 'success' ? ` (${fact.outcome})` : '';
      return `scan: ${found.length > 0 ? found.join(', ') : 'no critical or high findings'}${ended}`;
    }
    case 'code_review': {
      const decision = fact.review?.decision?.replace('_', ' ') ?? 'decision not stated';
      return `review: ${decision}${fact.review?.reviewer ? ` by ${fact.review.reviewer}` : ', reviewer not stated'}`;
    }
    case 'deployment':
    case 'removal':
    case 'rollback': {
      const what = { deployment: 'deployment', removal: 'removal', rollback: 'rollback' }[
        fact.kind
      ];
      const service = fact.service ? ` of ${fact.service}` : '';
      return `${what}${service} to ${fact.environment ?? 'an environment not stated'}: ${outcome}`;
    }
    case 'pipeline_run':
      return `pipeline run: ${outcome}`;
    case 'incident': {
      const incident = fact.incident;
      if (!incident) return 'incident';
      return `incident ${incident.id} ${incident.phase}${incident.severity ? ` (${incident.severity})` : ', severity not stated'}`;
    }
    case 'merge':
      return `merged${fact.pullRequest ? `: ${fact.pullRequest}` : ''}${fact.repository ? ` in ${fact.repository}` : ''}`;
  }
}
