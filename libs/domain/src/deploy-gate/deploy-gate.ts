import { type CiFact, isProduction } from '../ci/ci-fact';
import { approvingReviewer, scanVerdict } from '../ci/ci-fact-reading';
import { type ChangeRequest, isComplete } from '../change-request/change-request.model';
import { type Policy } from '../policy/policy';
import {
  type StandingException,
  standingExceptionCovers,
} from '../standing-exception/standing-exception';
import {
  DEPLOY_GATES,
  failed,
  type GateResult,
  notApplicable,
  passed,
  type RecordedGate,
} from './gate-result';
import { windowGate } from './window-gate';

export * from './gate-result';

export interface GateDecision {
  changeRequestId: string;
  environment: string;
  decision: 'allow' | 'deny';
  gates: GateResult[];
}

/**
 * May this change go to `environment` now? Every gate is answered with its evidence, so a
 * denial says all that is missing at once. Only production is gated (SOC-GATES); an emergency
 * change takes the emergency path (SOC-EMERG-PATH): it bypasses the gates and is tracked for it. A
 * production gate that fails on its evidence passes only by an approved policy exception (POL-EXCEPTIONS)
 * naming it: one of the change's own, or one for a service and a period (`standing`) that covers
 * the change — and `deployedService`, the service a deployment names — at `now` (ADR 0022).
 */
export function evaluateDeployGates(
  change: ChangeRequest,
  environment: string,
  policy: Policy,
  now: string,
  standing: readonly StandingException[],
  deployedService: string | null = null,
): GateDecision {
  const gates = isProduction(environment)
    ? change.emergency
      ? emergencyGates(change)
      : productionGates(change, policy, now).map((gate) =>
          gate.status === 'failed' ? waived(gate, change, standing, now, deployedService) : gate,
        )
    : nonProductionGates(change, environment);
  return {
    changeRequestId: change.id,
    environment,
    decision: gates.some((gate) => gate.status === 'failed') ? 'deny' : 'allow',
    gates,
  };
}

/** The decision as a production deployment records it: frozen, never recomputed. */
export function recordedGate(
  decision: GateDecision,
  evaluatedAt: string,
  policyVersion: string,
  reportedAt: string,
): RecordedGate {
  return {
    decision: decision.decision,
    evaluatedAt,
    reportedAt,
    policyVersion,
    gates: decision.gates,
  };
}

/** The gates a decision denied on, in the order of SOC-GATES. */
export function failedGates(gates: readonly GateResult[]): GateResult[] {
  return gates.filter((gate) => gate.status === 'failed');
}

/**
 * A failing gate waived by the first approved exception that names it: the change's own (in the
 * order requested), else a standing one covering the change and the deployed service at `now`.
 * Its evidence and the reason it failed stay, so the waiver shows what it waived.
 */
function waived(
  gate: GateResult,
  change: ChangeRequest,
  standing: readonly StandingException[],
  now: string,
  deployedService: string | null,
): GateResult {
  const exceptionId =
    change.exceptions.find((exception) => exception.approved && exception.gates.includes(gate.gate))
      ?.id ??
    standing.find(
      (exception) =>
        exception.gates.includes(gate.gate) &&
        standingExceptionCovers(
          exception,
          { affectedSystems: change.content.affectedSystems, deployedService },
          now,
        ),
    )?.exceptionId;
  return exceptionId === undefined
    ? gate
    : {
        ...gate,
        status: 'passed_by_exception',
        reason: `waived by the approved exception ${exceptionId}: ${gate.reason}`,
        exception_id: exceptionId,
      };
}

const CLOSED = ['rejected', 'cancelled', 'completed', 'failed', 'rolled_back'];
const DEPLOYABLE = ['approved', 'scheduled', 'implementing'];

function productionGates(change: ChangeRequest, policy: Policy, now: string): GateResult[] {
  return [
    codeReviewGate(change, policy),
    automatedTestsGate(change),
    securityScanGate(change),
    stagingGate(change, policy),
    rollbackPlanGate(change),
    approvalGate(change),
    windowGate(change, policy, now),
  ];
}

function codeReviewGate(change: ChangeRequest, policy: Policy): GateResult {
  const { minimumReviewers, seniorReviewers } = policy.deployGates.codeReview;
  // A reviewer's last stated decision counts; the author's own review never does (POL-SOD), nor
  // one that names no reviewer or states no decision (approvingReviewer).
  const lastWord = new Map<string, { fact: CiFact; approves: boolean }>();
  for (const fact of facts(change, 'code_review')) {
    const reviewer = fact.review?.reviewer;
    if (reviewer && reviewer !== change.requesterId && fact.review?.decision)
      lastWord.set(reviewer, { fact, approves: approvingReviewer(fact) === reviewer });
  }
  const approving = [...lastWord].filter(([, { approves }]) => approves);
  const reviewers = approving.map(([reviewer]) => reviewer);
  const seniors = reviewers.filter((reviewer) => seniorReviewers.includes(reviewer));
  const evidence = {
    reviews: approving.map(([reviewer, { fact }]) => ({ ...reference(fact), reviewer })),
    senior_reviewers: seniors,
  };
  const missing: string[] = [];
  if (reviewers.length < minimumReviewers) {
    missing.push(
      `${minimumReviewers} approving reviewers are needed, ${reviewers.length} recorded`,
    );
  }
  if (seniors.length === 0) {
    missing.push(
      seniorReviewers.length === 0
        ? 'no reviewer is listed as senior in the policy (deploy_gates.code_review.senior_reviewers)'
        : 'none of the approving reviewers is a senior engineer',
    );
  }
  return missing.length === 0
    ? passed(
        'code_review',
        evidence,
        `${reviewers.length} approving reviewers, ${seniors.length} senior`,
      )
    : failed('code_review', evidence, missing.join('; '));
}

function automatedTestsGate(change: ChangeRequest): GateResult {
  const runs = facts(change, 'test_run');
  const last = runs.at(-1);
  if (!last) return failed('automated_tests', null, 'no automated test run is recorded');
  const evidence = { ...reference(last), outcome: last.outcome, tests: last.tests };
  const failing = last.tests?.failed ?? 0;
  return last.outcome === 'success' && failing === 0
    ? passed('automated_tests', evidence, 'the latest test run passed with no failing tests')
    : failed(
        'automated_tests',
        evidence,
        `the latest test run ${last.outcome === 'success' ? `has ${failing} failing tests` : `ended ${last.outcome ?? 'without an outcome'}`}`,
      );
}

function securityScanGate(change: ChangeRequest): GateResult {
  const last = facts(change, 'security_scan').at(-1);
  if (!last) return failed('security_scan', null, 'no security scan (SAST) is recorded');
  const evidence = {
    ...reference(last),
    outcome: last.outcome,
    findings: last.findings,
    ...(last.severity ? { severity: last.severity } : {}),
  };
  const verdict = scanVerdict(last);
  return verdict.passed
    ? passed('security_scan', evidence, verdict.reason)
    : failed('security_scan', evidence, verdict.reason);
}

function stagingGate(change: ChangeRequest, policy: Policy): GateResult {
  const environments = policy.testing.testEnvironments.map((name) => name.toLowerCase());
  const inStaging = facts(change, 'deployment').filter(
    (fact) =>
      fact.outcome === 'success' &&
      fact.environment !== null &&
      environments.includes(fact.environment.toLowerCase()),
  );
  const last = inStaging.at(-1);
  return last
    ? passed(
        'staging_validation',
        { ...reference(last), environment: last.environment },
        `deployed successfully to ${last.environment} before production`,
      )
    : failed(
        'staging_validation',
        null,
        `no successful deployment to ${policy.testing.testEnvironments.join(' or ')} is recorded`,
      );
}

function rollbackPlanGate(change: ChangeRequest): GateResult {
  const plan = change.content.rollbackPlan;
  return isComplete(plan)
    ? passed(
        'rollback_plan',
        { rollback_plan: plan },
        'the rollback plan has all five parts of 003 §4',
      )
    : failed(
        'rollback_plan',
        { rollback_plan: plan },
        plan === null
          ? 'no rollback plan is documented'
          : 'the rollback plan lacks some of: trigger condition, steps, owner, verification steps, time estimate (003 §4)',
      );
}

function approvalGate(change: ChangeRequest): GateResult {
  const evidence = {
    status: change.status,
    required: change.requiredApprovals.map((required) => required.role),
    approvals: change.approvals.map(({ approverId, role, approvedAt }) => ({
      approver: approverId,
      role,
      approved_at: approvedAt,
    })),
  };
  if (DEPLOYABLE.includes(change.status)) {
    const reason =
      change.content.category === 'standard'
        ? `pre-approved standard change (${change.content.standardTemplateId ?? 'catalogue'})`
        : `approved by ${evidence.approvals.map((approval) => `${approval.role} (${approval.approver})`).join(', ')}`;
    return passed('approval', evidence, reason);
  }
  const given = new Set(change.approvals.map((approval) => approval.role));
  const awaited = evidence.required.filter((role) => !given.has(role));
  return failed(
    'approval',
    evidence,
    change.status === 'pending_approval'
      ? `awaiting approval by ${awaited.join(', ')}`
      : `the change request is ${change.status}`,
  );
}

function emergencyGates(change: ChangeRequest): GateResult[] {
  const open = !CLOSED.includes(change.status);
  const bypassed = 'bypassed under the emergency process (003 §5); tracked in the emergency report';
  return DEPLOY_GATES.map((gate) =>
    gate === 'approval'
      ? open
        ? passed(
            'approval',
            { status: change.status, emergency: true },
            'emergency change: verbal approval now, retroactive sign-off and documentation within 24 hours (003 §5)',
          )
        : failed('approval', { status: change.status }, `the change request is ${change.status}`)
      : notApplicable(gate, bypassed),
  );
}

function nonProductionGates(change: ChangeRequest, environment: string): GateResult[] {
  const why = `only production deployments are gated (003 §3); ${environment} is not production`;
  return DEPLOY_GATES.map((gate) =>
    gate === 'approval' && ['rejected', 'cancelled'].includes(change.status)
      ? failed('approval', { status: change.status }, `the change request is ${change.status}`)
      : notApplicable(gate, why),
  );
}

function facts(change: ChangeRequest, kind: CiFact['kind']): CiFact[] {
  return change.ciFacts
    .filter((fact) => fact.kind === kind)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

function reference(fact: CiFact) {
  return { source: fact.source, id: fact.id, occurred_at: fact.occurredAt };
}
