// The answer of one gate, and how each is made: every gate says what evidence it judged. A
// GateResult is plain JSON in the API's shape (snake_case keys): the gate endpoint answers it and a
// production deployment records it as it was (ADR 0022).
/** The gates of SOC-GATES, in its order, plus the deployment window of SOC-SCHEDULE ("Schedule"). */
export const DEPLOY_GATES = [
  'code_review',
  'automated_tests',
  'security_scan',
  'staging_validation',
  'rollback_plan',
  'approval',
  'deployment_window',
] as const;
export type DeployGate = (typeof DEPLOY_GATES)[number];

/**
 * `passed_by_exception`: the gate failed on its evidence, and an approved policy exception (POL-EXCEPTIONS)
 * that names this gate waives it for this change; the result says which (`exception_id`).
 */
export type GateStatus = 'passed' | 'passed_by_exception' | 'failed' | 'not_applicable';

/** Evidence is plain JSON: what the ledger holds that made the gate pass or fail. */
export type GateEvidence = Record<string, unknown> | null;

export interface GateResult {
  gate: DeployGate;
  status: GateStatus;
  evidence: GateEvidence;
  reason: string;
  /** The approved exception that waived this failing gate; present only when it was waived. */
  exception_id?: string;
}

/**
 * The gate's answer as a production deployment recorded it (ADR 0022): what it decided, when, under
 * which policy version, and every gate with its outcome, evidence and reason. Never recomputed.
 */
export interface RecordedGate {
  decision: 'allow' | 'deny';
  /** When the ledger received the deployment's report: the time every gate was judged at. */
  evaluatedAt: string;
  /** The deployment's time as CI reported it, kept beside; absent in gates recorded before. */
  reportedAt?: string;
  policyVersion: string;
  gates: GateResult[];
}

export const passed = (gate: DeployGate, evidence: GateEvidence, reason: string): GateResult => ({
  gate,
  status: 'passed',
  evidence,
  reason,
});
export const failed = (gate: DeployGate, evidence: GateEvidence, reason: string): GateResult => ({
  gate,
  status: 'failed',
  evidence,
  reason,
});
export const notApplicable = (gate: DeployGate, reason: string): GateResult => ({
  gate,
  status: 'not_applicable',
  evidence: null,
  reason,
});
