/**
 * Every stream the ledger writes, by name or by prefix, in one place: the store's address space.
 * Writers and readers (the commands, the projections, retention, the verifier, the database's
 * functions, which name `ledger-retention-runs` and the `ledger-` prefix themselves) agree here.
 * The standalone verifier (packages/verify) keeps its own copy of the one prefix it reads; a
 * spec there checks it against this one.
 */

/** `change-request-CHG-2026-001`: one stream per change request. */
export const CHANGE_REQUEST_STREAM_PREFIX = 'change-request-';
/**
 * What a change request's stream starts with. `change-request-numbers-<year>` shares the prefix
 * above but numbers changes; it is no change.
 */
export const CHANGE_REQUEST_STREAMS = `${CHANGE_REQUEST_STREAM_PREFIX}CHG-`;

export function changeRequestStream(changeRequestId: string): string {
  return `${CHANGE_REQUEST_STREAM_PREFIX}${changeRequestId}`;
}

/** The change request a stream records, or null when it records none. */
export function changeRequestIdOfStream(streamId: string): string | null {
  return streamId.startsWith(CHANGE_REQUEST_STREAMS)
    ? streamId.slice(CHANGE_REQUEST_STREAM_PREFIX.length)
    : null;
}

/** `ci-event-<hash of source and id>`: one receipt stream per CI fact (the dedupe). */
export const CI_EVENT_STREAM_PREFIX = 'ci-event-';

export const STANDARD_CHANGE_TEMPLATE_STREAM_PREFIX = 'standard-change-template-';
/**
 * The system stream that records the one-time seeding of the catalogue from the policy file:
 * once it holds an event, the file's catalogue entries are no longer read.
 */
export const STANDARD_CHANGE_CATALOGUE_STREAM = 'standard-change-catalogue';

/** The auditor's selection (`audit-sample-<id>`): population, seed, algorithm and what was drawn. */
export const AUDIT_SAMPLE_STREAM_PREFIX = 'audit-sample-';

/** `calendar-feed-tokens-<hash of the owner>`: one person's calendar feed tokens (ADR 0028). */
export const CALENDAR_FEED_TOKENS_STREAM_PREFIX = 'calendar-feed-tokens-';

/** `idempotency-<hash of actor and key>`: one stream per Idempotency-Key. */
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';

/**
 * System streams: never eligible for retention, refused by the database's deletion function
 * (which names the prefix itself).
 */
export const PROTECTED_STREAM_PREFIX = 'ledger-';
/** The retention system streams, read by the database's deletion function too. */
export const LEGAL_HOLDS_STREAM = `${PROTECTED_STREAM_PREFIX}legal-holds`;
export const RETENTION_RUNS_STREAM = `${PROTECTED_STREAM_PREFIX}retention-runs`;
/** The policy versions in force, one event each (libs/change-requests' PolicyInForce). */
export const POLICY_VERSIONS_STREAM = `${PROTECTED_STREAM_PREFIX}policy-versions`;
/** Policy exceptions for a service and a period. */
export const POLICY_EXCEPTIONS_STREAM = `${PROTECTED_STREAM_PREFIX}policy-exceptions`;
/** What operators asked of the notifier (resend, replay), carried out once by its planner. */
export const NOTIFICATION_OPERATIONS_STREAM = `${PROTECTED_STREAM_PREFIX}notifications`;
