import { DEPLOY_GATES, type DeployGate } from './gate-result';

/**
 * The gates a policy exception (POL-EXCEPTIONS) may waive: those judged on evidence CI brings and on the
 * time of deployment. Never the approval (an unapproved change goes by the emergency path, SOC-EMERG-PATH)
 * nor the rollback plan (SOC-ROLLBACK-PLAN: it must exist before deployment): those are the change's own
 * record, which the ledger itself refuses to implement without.
 */
export const WAIVABLE_GATES = [
  'code_review',
  'automated_tests',
  'security_scan',
  'staging_validation',
  'deployment_window',
] as const satisfies readonly DeployGate[];

/** The gates an exception names, each once in the order given, or why they cannot be waived. */
export function waivedGates(
  named: readonly string[],
): { gates: DeployGate[]; problem: null } | { gates: null; problem: string } {
  const unknown = named.filter((gate) => !(WAIVABLE_GATES as readonly string[]).includes(gate));
  if (unknown.length > 0) {
    const never = unknown.filter((gate) => (DEPLOY_GATES as readonly string[]).includes(gate));
    return {
      gates: null,
      problem:
        never.length > 0
          ? `${never.join(', ')} is never waived by an exception (the approval and the rollback plan are the change's own record); waivable: ${WAIVABLE_GATES.join(', ')}`
          : `${unknown.join(', ')} is not a gate; waivable: ${WAIVABLE_GATES.join(', ')}`,
    };
  }
  return { gates: [...new Set(named)] as DeployGate[], problem: null };
}
