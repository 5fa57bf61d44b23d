/** One gate's answer: its outcome, the evidence it judged and why. */
export class GateAnswer {
  /** `code_review`, `automated_tests`, `security_scan`, `staging_validation`, `rollback_plan`, `approval` or `deployment_window`. */
  gate!: string;
  status!: 'passed' | 'passed_by_exception' | 'failed' | 'not_applicable';
  /** What the ledger holds that made the gate pass or fail. */
  evidence!: Record<string, unknown> | null;
  reason!: string;
  /** The approved exception that waived this failing gate; present only when it was waived. */
  exception_id?: string;
}

/** SOC-GATES: may this change be deployed to the environment now, and gate by gate why. */
export class DeployGatesAnswer {
  change_request_id!: string;
  environment!: string;
  decision!: 'allow' | 'deny';
  evaluated_at!: string;
  policy_version!: string;
  gates!: GateAnswer[];
}
