import { GateAnswer } from '../../deploy-gates/deploy-gates.response.dto';

/** The deploy gate's answer as a production deployment recorded it (ADR 0022), never recomputed. */
export class RecordedGateAnswer {
  decision!: 'allow' | 'deny';
  /** When the ledger received the deployment's report: the time every gate was judged at. */
  evaluated_at!: string;
  /** The deployment's time as CI reported it; null in gates recorded before it was kept. */
  reported_at!: string | null;
  policy_version!: string;
  gates!: GateAnswer[];
}

/** What the ledger made of one CI fact delivered over HTTP, with the receipt for its events. */
export class RecordedCiFactAnswer {
  /** `duplicate`: the same fact again; `conflict`: the same (source, id) with other content. */
  outcome!: 'recorded' | 'duplicate' | 'conflict';
  /** The CI source that reported it. */
  source!: string;
  /** Its id at that source. */
  id!: string;
  /** `deployment`, `removal`, `rollback`, `pipeline_run`, `test_run`, `security_scan`, `incident`, `code_review` or `merge`. */
  kind!: string;
  /** The change request it was linked to; null when none is. */
  change_request_id!: string | null;
  linked_by!: 'change_request_id' | 'commit_sha' | 'pull_request' | 'artifact' | null;
  /** Production deployments: whether an approved change covered it; null otherwise. */
  authorized!: boolean | null;
  /** Why it is unauthorized, or not linked. */
  reason!: string | null;
  /** Production deployments of a change request: the deploy gate's answer it was recorded with. */
  gate!: RecordedGateAnswer | null;
  /** The log's signed receipt for the events this request recorded; null when there is none. */
  receipt!: string | null;
  /** Why the answer carries no receipt. */
  receipt_unavailable?: string;
}
