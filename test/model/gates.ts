/**
 * The deploy gate and a reported production deployment in the model, as the ledger has them
 * today and as simply as the model needs them (issue 25 item 2 makes the gate what production is
 * measured against: after that merge, state the new rules here; nothing else in the model needs
 * to change).
 *
 * - The gate (003 §3) of a normal or major change in production: with the seed policy no reviewer
 *   is senior, so the code-review gate fails and the decision is always `deny`; the approval gate
 *   passes while the change is approved, scheduled or implementing; the rollback-plan gate passes
 *   with the five parts of 003 §4. An emergency change takes the emergency path (003 §5): its
 *   approval gate passes while it is open, every other gate is not applicable.
 * - A production deployment CI reports is authorized when the change may start implementing (an
 *   approved change with a complete rollback plan, or an emergency change not yet closed), or is
 *   implementing already; a successful one starts the implementation.
 */
export interface GateView {
  status: string;
  emergency: boolean;
  rollbackPlanComplete: boolean;
}

export type GateStatus = 'passed' | 'failed' | 'not_applicable';

export interface ExpectedGate {
  decision: 'allow' | 'deny';
  approval: GateStatus;
  rollbackPlan: GateStatus;
}

const CLOSED = ['rejected', 'cancelled', 'completed', 'failed', 'rolled_back'];
const DEPLOYABLE = ['approved', 'scheduled', 'implementing'];

export function productionGate(change: GateView): ExpectedGate {
  if (change.emergency) {
    const open = !CLOSED.includes(change.status);
    return {
      decision: open ? 'allow' : 'deny',
      approval: open ? 'passed' : 'failed',
      rollbackPlan: 'not_applicable',
    };
  }
  return {
    decision: 'deny',
    approval: DEPLOYABLE.includes(change.status) ? 'passed' : 'failed',
    rollbackPlan: change.rollbackPlanComplete ? 'passed' : 'failed',
  };
}

/** The statuses implementation may start from (an emergency change: before its approval). */
export const startableStatuses = (emergency: boolean) =>
  emergency ? ['pending_approval', 'approved', 'scheduled'] : ['approved', 'scheduled'];

export function productionDeployment(change: GateView): { authorized: boolean; starts: boolean } {
  const startable = startableStatuses(change.emergency).includes(change.status);
  const mayStart = startable && (change.emergency || change.rollbackPlanComplete);
  return {
    authorized: mayStart || change.status === 'implementing',
    starts: mayStart,
  };
}
