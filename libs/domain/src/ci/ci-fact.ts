/**
 * What a CI/CD pipeline tells the ledger, whatever format it used (CloudEvents/CDEvents, native
 * JSON, GitHub or GitLab webhooks): one fact, normalised. `source` + `id` is its identity: the
 * same pair is the same fact, delivered again. Plain JSON (no `undefined`), so it is stored as is.
 */
export const CI_FACT_KINDS = [
  'deployment',
  'removal',
  'rollback',
  'pipeline_run',
  'test_run',
  'security_scan',
  'incident',
  'code_review',
  'merge',
] as const;
export type CiFactKind = (typeof CI_FACT_KINDS)[number];

export type CiOutcome = 'success' | 'failure' | 'error' | 'cancelled';

export interface CiFact {
  /** The pipeline identity that sent it (a CloudEvents `source`, a repository, a project). */
  source: string;
  /** Its id at that source; (source, id) is the dedupe key. */
  id: string;
  kind: CiFactKind;
  /** The format it arrived in and, for CDEvents, its type (`dev.cdevents.service.deployed.0.2.0`). */
  format: 'cdevents' | 'native' | 'github' | 'gitlab';
  sourceType: string;
  /** When it happened at the source (ISO 8601, UTC). */
  occurredAt: string;
  /**
   * The person or bot behind it, as the event *reports* (ce_actor, customData.actor, the webhook's
   * creator): a claim kept as evidence. Who reported the fact is the authenticated principal, in
   * the envelope of every event it led to.
   */
  actor: string | null;
  environment: string | null;
  service: string | null;
  /** What it is about, for linking to a change request. */
  changeRequestId: string | null;
  commitSha: string | null;
  pullRequest: string | null;
  artifact: string | null;
  outcome: CiOutcome | null;
  /** Test runs: counts, when the pipeline gave them. */
  tests: { total: number | null; failed: number | null } | null;
  /** Security scans: unaddressed findings by severity. */
  findings: { critical: number; high: number } | null;
  /** Incidents: its id, severity and phase. */
  incident: { id: string; severity: 'P1' | 'P2' | 'P3' | null; phase: IncidentPhase } | null;
  /** Code reviews: who reviewed (null: the event did not say, so it counts for no gate) and what they said. */
  review: {
    reviewer: string | null;
    decision: 'approved' | 'changes_requested' | 'commented';
  } | null;
  /** Producer fields outside the ledger's conventions, kept in the raw event but not read. Absent when none. */
  unreadCustomData?: string[];
}

export type IncidentPhase = 'detected' | 'reported' | 'resolved';

/**
 * Whether two facts share their identity (source, id): the same fact, delivered again. Compared
 * field by field: a joined key would build two strings per stored fact on every new one, and
 * `a b` + `c` would equal `a` + `b c`.
 */
export function sameCiFact(
  one: Pick<CiFact, 'source' | 'id'>,
  other: Pick<CiFact, 'source' | 'id'>,
): boolean {
  return one.source === other.source && one.id === other.id;
}

/** Only production is gated and watched for unauthorized changes (003 §3, §6). */
export function isProduction(environment: string | null): boolean {
  return environment !== null && /^(prod|production)$/i.test(environment.trim());
}
