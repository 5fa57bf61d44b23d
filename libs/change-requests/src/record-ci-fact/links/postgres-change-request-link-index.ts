import { type Pool } from 'pg';
import {
  type ChangeRequestLinkIndex,
  type LinkedFact,
  linkKeys,
  type RegisteredLink,
} from './change-request-link-index';

/**
 * The links of a whole batch in one query, from `ingestion.change_request_links`: the table a
 * trigger keeps in the same transaction as the change requests' events (migrations/), so a
 * change registered before the batch is always found — no projector lag. Each way of linking is
 * one branch that an index answers: the first 7 digits of a commit, the pull request's
 * `repository#change` key (never its number alone: ADR 0025), the key of an artifact digest.
 */
export class PostgresChangeRequestLinkIndex implements ChangeRequestLinkIndex {
  constructor(private readonly pool: Pool) {}

  async candidates(facts: readonly LinkedFact[]): Promise<RegisteredLink[][]> {
    const found: RegisteredLink[][] = facts.map(() => []);
    const keys = facts.map(linkKeys);
    const asked = keys.some((key) => key.commitSha || key.pullRequestKey || key.artifact);
    if (!asked) return found;
    const artifactOf: number[] = [];
    const artifactKeys: string[] = [];
    keys.forEach((key, index) =>
      key.artifactKeys.forEach((artifactKey) => {
        artifactOf.push(index);
        artifactKeys.push(artifactKey);
      }),
    );
    const { rows } = await this.pool.query<{
      i: number;
      change_request_id: string;
      linked_by: RegisteredLink['linkedBy'];
    }>(
      `WITH reported AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])
                    AS r(i, sha, pr_key, artifact)),
       artifact_keys AS (
         SELECT * FROM unnest($5::int[], $6::text[]) AS a(i, artifact_key))
       SELECT r.i, l.change_request_id, 'commit_sha' AS linked_by
         FROM reported r JOIN ingestion.change_request_links l
           ON length(l.commit_sha) >= 7 AND left(l.commit_sha, 7) = left(r.sha, 7)
        WHERE starts_with(l.commit_sha, r.sha) OR starts_with(r.sha, l.commit_sha)
       UNION ALL
       SELECT r.i, l.change_request_id, 'pull_request'
         FROM reported r JOIN ingestion.change_request_links l ON l.pull_request_key = r.pr_key
       UNION ALL
       SELECT a.i, l.change_request_id, 'artifact'
         FROM artifact_keys a
         JOIN ingestion.change_request_links l ON l.artifact_key = a.artifact_key
         JOIN reported r ON r.i = a.i
        WHERE length(l.artifact_digest) >= 7 AND position(l.artifact_digest IN r.artifact) > 0`,
      [
        keys.map((_, index) => index),
        keys.map((key) => key.commitSha),
        keys.map((key) => key.pullRequestKey),
        keys.map((key) => key.artifact),
        artifactOf,
        artifactKeys,
      ],
    );
    for (const row of rows) {
      found[row.i]!.push({ changeRequestId: row.change_request_id, linkedBy: row.linked_by });
    }
    return found;
  }
}
