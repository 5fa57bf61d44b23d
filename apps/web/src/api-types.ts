/** The shapes of the API's answers the page reads (README "The read side"); only what it shows. */
export interface Me {
  principal: string;
  kind: 'user' | 'service';
  roles: string[];
  read_only: boolean;
}

export interface KeyMetric {
  metric: string;
  value: number | null;
  unit: 'ratio' | 'hours';
  target: string;
  met: boolean | null;
  sample_size: number;
  definition: string;
}

export interface Metrics {
  from: string;
  to: string;
  key_metrics: KeyMetric[];
  dora: {
    deployment_frequency: { deployments: number; per_day: number };
    lead_time_for_changes: { median_hours: number | null };
    change_failure_rate: number | null;
    failed_deployment_recovery_time: { median_hours: number | null; rollbacks: number };
  };
  deadlines_missed: Record<string, number>;
  unauthorized_changes: { count: number; target: number };
}

export interface PendingApproval {
  change_request_id: string;
  role: string;
  title: string;
  priority: string;
  category: string;
  requester: string;
  requested_at: string;
  due_at: string | null;
  overdue: boolean;
  retroactive: boolean;
  escalated: boolean;
}

export interface PendingPage {
  pending: PendingApproval[];
  next_cursor: string | null;
}

export interface Deployment {
  change_request_id: string;
  deployed_at: string;
  title: string;
  deployed_by: string;
  outcome: string;
  emergency: boolean;
  approved_before_deployment: boolean;
  /** Null on a row projected before the gate of record (ADR 0022). */
  authorized: boolean | null;
  unauthorized_reason: string | null;
}

export interface UnauthorizedChange {
  source: string;
  event_id: string;
  kind: string;
  occurred_at: string;
  service: string | null;
  actor: string | null;
  change_request_id: string | null;
  reason: string;
  failed_gates: string[];
}

export interface Incident {
  incident_id: string;
  change_request_id: string;
  severity: string;
  review_due_at: string;
  reviewed_at: string | null;
  review_overdue: boolean;
}

export type DeadlineState = 'met' | 'missed' | 'pending' | 'not_started';

export interface EmergencyReport {
  quarter: string;
  changes: Array<{
    change_request_id: string;
    status: string;
    implemented_at: string | null;
    documentation: DeadlineState;
    documentation_due_at: string | null;
    post_hoc_review: DeadlineState;
    post_hoc_review_due_at: string | null;
  }>;
}

export interface ChangeSummary {
  change_request_id: string;
  status: string;
  title: string;
  category: string;
  priority: string;
  requester: string;
  affected_systems: string[];
  emergency: boolean;
  created_at: string;
}

/** SOC-ROLLBACK-PLAN's five parts, or a plan in prose as written, or none. */
export type RollbackPlan =
  | {
      trigger_condition: string;
      steps: string[];
      owner: string;
      verification_steps: string[];
      time_estimate_minutes: number;
    }
  | string
  | null;

export interface ChangeRequest {
  change_request_id: string;
  status: string;
  title: string;
  description: string;
  business_justification: string | null;
  category: string;
  priority: string;
  urgency: string | null;
  change_type: string;
  change_class: string;
  affected_systems: string[];
  impact_scope: string | null;
  risk_level: string | null;
  risk_assessment: string | null;
  rollback_plan: RollbackPlan;
  testing_required: boolean | null;
  test_plan: string | null;
  test_environment: string | null;
  security_considerations: string | null;
  implementation_plan: string | null;
  scheduled_for: string | null;
  scheduled_until: string | null;
  links: {
    repository: string | null;
    pull_request: string | null;
    commit_sha: string | null;
    artifact_digest: string | null;
  };
  standard_template_id: string | null;
  content_version: number;
  policy_version: string;
  implementer: string | null;
  verification: { outcome: string; monitoring_minutes: number; verified_at: string } | null;
  exceptions: Array<{
    exception_id: string;
    deviation: string;
    gates: string[];
    requested_by: string;
    approved: boolean;
  }>;
  requester: string;
  created_at: string;
  approval_due_at: string | null;
  approved_at: string | null;
  implementation_started: string | null;
  completed_at: string | null;
  required_approvals: Array<{
    role: string;
    approved_by: string | null;
    approved_at: string | null;
  }>;
  approvals: Array<{
    approved_by: string;
    role: string;
    comments: string | null;
    conditions: string[];
    approved_at: string;
  }>;
  emergency: {
    documentation_due_at: string | null;
    documented_at: string | null;
    post_hoc_review_due_at: string | null;
    post_hoc_reviewed_at: string | null;
  } | null;
  incident: { incident_id: string; severity: string } | null;
}

export interface History {
  history: Array<{
    timestamp: string;
    action: string;
    user: string;
    details: string;
    event_type: string;
    event_id: string;
    revision: number;
    hash: string;
    leaf_index: number | null;
  }>;
}

/** `GET /api/v1/ci-events`: what CI reported, each fact with what it said. */
export interface CiEvents {
  ci_events: Array<{
    source: string;
    id: string;
    kind: string;
    occurred_at: string;
    environment: string | null;
    outcome: string | null;
    said: string | null;
    delivered_by: string;
    unread: string[];
  }>;
  next_cursor: string | null;
}

/** `GET /api/v1/ci-events/{source}/{id}`: one fact, with the log's receipt and leaf for it. */
export interface CiEventDetail {
  source: string;
  id: string;
  said: string;
  content_hash: string;
  received_at: string;
  receipt?: string | null;
  receipt_unavailable?: string;
  log_leaf: number | null;
}

export interface Gates {
  decision: 'allow' | 'deny';
  environment: string;
  evaluated_at: string;
  gates: Array<{ gate: string; status: string; reason?: string | null }>;
}

export interface Projections {
  projections: Array<{
    projection: string;
    eventsBehind: number;
    secondsBehind: number;
    parked: number;
  }>;
}

/** `GET /standard-change-templates`: the standard-change catalogue. */
export interface CatalogueTemplate {
  template_id: string;
  title: string;
  status: 'proposed' | 'rejected' | 'active' | 'suspended' | 'retired';
  version: number | null;
  constraints: {
    change_types: string[];
    max_priority: string;
    max_risk_level: string;
    affected_systems: string[];
    test_plan_required: boolean;
  } | null;
  awaiting_approval: {
    version: number;
    kind: 'proposal' | 'reapproval';
    remaining_approvals: string[];
  } | null;
  suspension: { since: string; change_request_id: string; reason: string } | null;
  retired: { retired_at: string; reason: string } | null;
  usage: {
    uses: number;
    completed: number;
    failed: number;
    rolled_back: number;
    incidents: number;
    success_rate: number | null;
    last_used_at: string | null;
  };
}
