import { plusMinutes } from './seed-rules';

/**
 * The deploy gate and a reported production deployment in the model (SOC-GATES, ADR 0022): the gate
 * is what production is measured against.
 *
 * - The gate of a normal, major or standard change in production answers each gate of SOC-GATES and
 *   the window: code review (with the seed policy no reviewer is senior, so it never passes on its
 *   evidence), automated tests (the latest test run passed), security scan (the latest scan found
 *   no critical or high finding), staging (a successful deployment to staging), the rollback plan
 *   (five parts), the approval (approved, scheduled or implementing) and the window (while
 *   scheduled: inside the scheduled two hours; otherwise none applies, the seed has no calendar).
 *   A failing gate an approved exception of the change names passes by exception (the first such
 *   exception, in the order requested); never the approval or the rollback plan. It allows when
 *   no gate failed. An emergency change takes the emergency path (SOC-EMERG-PATH): its approval gate
 *   passes while it is open, every other gate is not applicable.
 * - A production deployment CI reports is covered when the change may start implementing by this
 *   deployer (approved — an emergency change before that — with a complete rollback plan) or is
 *   implementing already; it is authorized when covered and the gate, judged at that moment,
 *   allows it. A successful one starts the implementation when the change may start, even when
 *   the gate denied it: the change is in production, unauthorized.
 */
export const GATES = [
  'code_review',
  'automated_tests',
  'security_scan',
  'staging_validation',
  'rollback_plan',
  'approval',
  'deployment_window',
] as const;
export type Gate = (typeof GATES)[number];

/** What an exception may waive (never the approval nor the rollback plan). */
export const WAIVABLE: readonly Gate[] = [
  'code_review',
  'automated_tests',
  'security_scan',
  'staging_validation',
  'deployment_window',
];

/** The seed calendar's default_change_duration: a scheduled window without an end lasts this. */
const DEFAULT_CHANGE_MINUTES = 120;

export interface GateView {
  status: string;
  emergency: boolean;
  rollbackPlanComplete: boolean;
  /** The latest test run and scan CI reported on the change, and whether it reached staging. */
  lastTestRun: 'passed' | 'failed' | null;
  lastScan: 'clean' | 'critical' | null;
  staged: boolean;
  scheduledFor: string | null;
  exceptions: ReadonlyArray<{ id: string; gates: readonly string[]; approved: boolean }>;
}

export type GateStatus = 'passed' | 'passed_by_exception' | 'failed' | 'not_applicable';

export interface ExpectedGate {
  decision: 'allow' | 'deny';
  /** Each gate's status, and the exception that waived it. */
  gates: Record<Gate, { status: GateStatus; exception: string | null }>;
}

const CLOSED = ['rejected', 'cancelled', 'completed', 'failed', 'rolled_back'];
const DEPLOYABLE = ['approved', 'scheduled', 'implementing'];

/** Each gate on its evidence alone, before any exception. */
function onEvidence(change: GateView, gate: Gate, now: string): GateStatus {
  switch (gate) {
    case 'code_review':
      return 'failed';
    case 'automated_tests':
      return change.lastTestRun === 'passed' ? 'passed' : 'failed';
    case 'security_scan':
      return change.lastScan === 'clean' ? 'passed' : 'failed';
    case 'staging_validation':
      return change.staged ? 'passed' : 'failed';
    case 'rollback_plan':
      return change.rollbackPlanComplete ? 'passed' : 'failed';
    case 'approval':
      return DEPLOYABLE.includes(change.status) ? 'passed' : 'failed';
    case 'deployment_window': {
      if (change.status !== 'scheduled' || !change.scheduledFor) return 'not_applicable';
      const end = plusMinutes(change.scheduledFor, DEFAULT_CHANGE_MINUTES);
      return now >= change.scheduledFor && now < end ? 'passed' : 'failed';
    }
  }
}

export function productionGate(change: GateView, now: string): ExpectedGate {
  const gates = {} as ExpectedGate['gates'];
  for (const gate of GATES) {
    if (change.emergency) {
      const status =
        gate !== 'approval'
          ? 'not_applicable'
          : CLOSED.includes(change.status)
            ? 'failed'
            : 'passed';
      gates[gate] = { status, exception: null };
      continue;
    }
    const status = onEvidence(change, gate, now);
    const waiver =
      status === 'failed' && WAIVABLE.includes(gate)
        ? change.exceptions.find(
            (exception) => exception.approved && exception.gates.includes(gate),
          )
        : undefined;
    gates[gate] = waiver
      ? { status: 'passed_by_exception', exception: waiver.id }
      : { status, exception: null };
  }
  const denied = Object.values(gates).some((gate) => gate.status === 'failed');
  return { decision: denied ? 'deny' : 'allow', gates };
}

/** The statuses implementation may start from (an emergency change: before its approval). */
export const startableStatuses = (emergency: boolean) =>
  emergency ? ['pending_approval', 'approved', 'scheduled'] : ['approved', 'scheduled'];

export function productionDeployment(
  change: GateView,
  now: string,
): { authorized: boolean; starts: boolean; gate: ExpectedGate } {
  const startable = startableStatuses(change.emergency).includes(change.status);
  const mayStart = startable && (change.emergency || change.rollbackPlanComplete);
  const covered = mayStart || change.status === 'implementing';
  const gate = productionGate(change, now);
  return { authorized: covered && gate.decision === 'allow', starts: mayStart, gate };
}
