// The answer of one gate, and how each is made: every gate says what evidence it judged.
/** The gates of 003 §3, in its order, plus the deployment window of 003 §2 ("Schedule"). */
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

export type GateStatus = 'passed' | 'failed' | 'not_applicable';

/** Evidence is plain JSON: what the ledger holds that made the gate pass or fail. */
export type GateEvidence = Record<string, unknown> | null;

export interface GateResult {
  gate: DeployGate;
  status: GateStatus;
  evidence: GateEvidence;
  reason: string;
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
