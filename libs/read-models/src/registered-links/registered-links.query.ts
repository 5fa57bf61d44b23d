import { pullRequestKey } from '@change-ledger/domain';
import { type Pool } from 'pg';

/** What a CI fact reported that a change request may have registered. */
export interface ReportedLinks {
  commitSha: string | null;
  pullRequest: string | null;
  artifact: string | null;
  repository?: string;
}

export interface RegisteredChangeRequest {
  changeRequestId: string;
  linkedBy: 'commit_sha' | 'pull_request' | 'artifact';
}

/**
 * Which change request a CI fact is for, from the change-requests read model: what recording a
 * CI fact (libs/change-requests/src/record-ci-fact) links by where the event store keeps no link
 * table beside its events (EventStoreDB).
 */
export class RegisteredLinksQuery {
  /** `pool` connects as ledger_reader, on the primary: a write decides on what it answers. */
  constructor(private readonly pool: Pool) {}

  /**
   * The change request that registered this commit (full or abbreviated SHA, 7+ characters),
   * pull request (the same `repository#change` key, pull-request-key.ts: never its number alone)
   * or artifact digest (contained in the reported artifact, e.g. a purl). One that may be
   * deployed is preferred, then the newest.
   */
  async registeredFor(reported: ReportedLinks): Promise<RegisteredChangeRequest | null> {
    const artifact = reported.artifact ? safeDecode(reported.artifact).toLowerCase() : null;
    const key = pullRequestKey(reported.pullRequest, reported.repository);
    // The change part of the key narrows the rows; the key itself decides, below, in TypeScript.
    const change = key ? key.slice(key.lastIndexOf('#') + 1) : null;
    const { rows } = await this.pool.query<{
      change_request_id: string;
      by_commit: boolean;
      by_artifact: boolean;
      pr: string | null;
      repository: string | null;
    }>(
      `WITH links AS (
         SELECT change_request_id, status, created_at,
                lower(state->'content'->'links'->>'commitSha') AS sha,
                state->'content'->'links'->>'pullRequest' AS pr,
                state->'content'->'links'->>'repository' AS repository,
                lower(state->'content'->'links'->>'artifactDigest') AS digest
           FROM read_models.change_requests
          WHERE jsonb_typeof(state->'content'->'links') = 'object'),
       matches AS (
         SELECT change_request_id, status, created_at, pr, repository,
                coalesce($1::text IS NOT NULL AND length(sha) >= 7 AND length($1) >= 7
                          AND (starts_with(sha, lower($1)) OR starts_with(lower($1), sha)), false) AS by_commit,
                coalesce($2::text IS NOT NULL AND position($2 IN lower(pr)) > 0, false) AS by_pull_request,
                coalesce($3::text IS NOT NULL AND length(digest) >= 7 AND position(digest IN $3) > 0, false)
                  AS by_artifact
           FROM links)
       SELECT change_request_id, by_commit, by_artifact, pr, repository
         FROM matches
        WHERE by_commit OR by_pull_request OR by_artifact
        ORDER BY CASE WHEN status IN ('approved', 'scheduled', 'implementing') THEN 0
                      WHEN status = 'pending_approval' THEN 1 ELSE 2 END,
                 created_at DESC`,
      [reported.commitSha, change, artifact],
    );
    for (const row of rows) {
      const byPullRequest = key !== null && pullRequestKey(row.pr, row.repository) === key;
      if (!row.by_commit && !byPullRequest && !row.by_artifact) continue;
      return {
        changeRequestId: row.change_request_id,
        linkedBy: row.by_commit ? 'commit_sha' : byPullRequest ? 'pull_request' : 'artifact',
      };
    }
    return null;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
