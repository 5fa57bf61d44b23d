/**
 * What a CI/CD pipeline tells the ledger, whatever format it used (CloudEvents/CDEvents, native
 * JSON, GitHub or GitLab webhooks): one fact, normalised. `source` + `id` is its identity: the
 * same pair is the same fact, delivered again. Plain JSON (no `undefined`), so it is stored as is.
 *
 * Nothing is invented (ADR 0025): a field the message does not state is null (or, for the fields
 * added since, absent), never a default that reads as evidence — a scan that states no findings
 * has `findings: null` (unknown), a review that states no decision has `decision: null`. The raw
 * message itself is kept beside the fact, in its receipt (`CiEventReceipt.raw`).
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

/** The one outcome vocabulary every format's words are mapped to (ADR 0025 has the table). */
export const CI_OUTCOMES = ['success', 'failure', 'error', 'cancelled'] as const;
export type CiOutcome = (typeof CI_OUTCOMES)[number];

export interface CiFact {
  /** The pipeline identity that sent it (a CloudEvents `source`, a repository, a project). */
  source: string;
  /** Its id at that source; (source, id) is the dedupe key. */
  id: string;
  kind: CiFactKind;
  /** The format it arrived in and, for CDEvents, its type (`dev.cdevents.service.deployed.0.2.0`). */
  format: 'cdevents' | 'native' | 'github' | 'gitlab';
  sourceType: string;
  /** When it happened at the source, as an instant (ISO 8601, UTC, milliseconds). */
  occurredAt: string;
  /**
   * The time exactly as the message wrote it, when that says more than `occurredAt` (another
   * precision, e.g. `…05.315384Z`, or another offset). Absent when the two are the same text.
   */
  occurredAtReported?: string;
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
  /** The pull request (or change) as reported: a URL, a number or an id, never parsed from a subject. */
  pullRequest: string | null;
  /**
   * The repository the fact names (CDEvents `repository.id`, `customData.repository`, a webhook's
   * repository): a pull request links only within it. Absent when the message names none.
   */
  repository?: string;
  artifact: string | null;
  outcome: CiOutcome | null;
  /** Test runs: counts, when the pipeline gave them. */
  tests: { total: number | null; failed: number | null } | null;
  /**
   * Security scans: unaddressed findings by severity, as the message counted them; null when it
   * states no count — unknown, which no gate takes for zero.
   */
  findings: { critical: number; high: number } | null;
  /** Test runs and scans: the severity the spec's `testsuiterun.finished` states. Absent when none. */
  severity?: TestSeverity;
  /**
   * Incidents: its id, severity and phase; on a rollback, the incident it names (its id null when
   * it names only a severity). Null fields: not stated.
   */
  incident: { id: string | null; severity: 'P1' | 'P2' | 'P3' | null; phase: IncidentPhase } | null;
  /**
   * Code reviews: who reviewed and what they decided; either is null when the message does not
   * say, and such a review counts for no gate.
   */
  review: {
    reviewer: string | null;
    decision: ReviewDecision | null;
  } | null;
  /**
   * Every field of the message the ledger did not read (`customData.priority`,
   * `subject.content.ticketURI`, `ce.traceparent`, …): kept in the raw message, listed here so
   * that nothing is dropped without trace. Absent when none. Not part of the content hash: it is
   * the ledger's note on its reading, not what the source said.
   */
  unread?: string[];
  /** Facts recorded before `unread` (issue 26) listed only unread customData keys here. */
  unreadCustomData?: string[];
}

export type TestSeverity = 'low' | 'medium' | 'high' | 'critical';
export type ReviewDecision = 'approved' | 'changes_requested' | 'commented';

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

/** Only production is gated and watched for unauthorized changes (SOC-GATES, SOC-PROHIBITED). */
export function isProduction(environment: string | null): boolean {
  return environment !== null && /^(prod|production)$/i.test(environment.trim());
}

/** What was left unread of a fact, whichever the field it was recorded under. */
export function unreadOf(fact: Pick<CiFact, 'unread' | 'unreadCustomData'>): string[] {
  return fact.unread ?? fact.unreadCustomData ?? [];
}
