-- Up Migration

-- What change requests registered (commit, pull request, artifact digest), on the write side:
-- kept by a trigger on ledger.events, so a row is written in the same transaction as the
-- ChangeRequestCreated / ChangeRequestAmended event it comes from, whoever appends it. The
-- ingestor resolves the links of a whole Kafka batch in one query here, never from the read model
-- (which lags the projector). ADR 0014. Only with the PostgreSQL event store.

CREATE SCHEMA ingestion;
GRANT USAGE ON SCHEMA ingestion TO ledger_writer, ledger_reader;

CREATE TABLE ingestion.change_request_links (
  change_request_id text PRIMARY KEY,
  -- lower-cased, as CI reports them in either case
  commit_sha        text,
  pull_request      text,
  -- the trailing number of the pull request (…/pull/42 or 42)
  pull_number       text,
  artifact_digest   text,
  -- the first 32 hex digits after the digest's ':' (the API takes algorithm:hex of 32 or more),
  -- or the whole digest: what a reported artifact is looked up by
  artifact_key      text
);

CREATE INDEX change_request_links_commit ON ingestion.change_request_links (left(commit_sha, 7))
  WHERE length(commit_sha) >= 7;
CREATE INDEX change_request_links_pull_request ON ingestion.change_request_links (pull_request);
CREATE INDEX change_request_links_pull_number ON ingestion.change_request_links (pull_number);
CREATE INDEX change_request_links_artifact ON ingestion.change_request_links (artifact_key);

GRANT SELECT ON ingestion.change_request_links TO ledger_writer, ledger_reader;

-- Every value is text taken from jsonb with operators that never raise: the trigger must not be
-- able to refuse a change request's event, whatever its content.
CREATE FUNCTION ingestion.keep_change_request_links() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  links  jsonb := NEW.data -> 'content' -> 'links';
  digest text;
BEGIN
  IF jsonb_typeof(links) IS DISTINCT FROM 'object' THEN
    links := '{}'::jsonb;
  END IF;
  digest := lower(links ->> 'artifactDigest');
  INSERT INTO ingestion.change_request_links AS kept
         (change_request_id, commit_sha, pull_request, pull_number, artifact_digest, artifact_key)
  VALUES (substr(NEW.stream_id, length('change-request-') + 1),
          lower(links ->> 'commitSha'),
          links ->> 'pullRequest',
          substring(links ->> 'pullRequest' FROM '(\d+)/?$'),
          digest,
          coalesce(substring(digest FROM ':([0-9a-f]{32})'), digest))
  ON CONFLICT (change_request_id) DO UPDATE
     SET commit_sha = EXCLUDED.commit_sha,
         pull_request = EXCLUDED.pull_request,
         pull_number = EXCLUDED.pull_number,
         artifact_digest = EXCLUDED.artifact_digest,
         artifact_key = EXCLUDED.artifact_key;
  RETURN NULL;
END
$$;

CREATE TRIGGER events_keep_change_request_links
  AFTER INSERT ON ledger.events
  FOR EACH ROW
  WHEN (NEW.type IN ('ChangeRequestCreated', 'ChangeRequestAmended')
        AND starts_with(NEW.stream_id, 'change-request-'))
  EXECUTE FUNCTION ingestion.keep_change_request_links();

-- What was registered before this migration, latest content first.
INSERT INTO ingestion.change_request_links
       (change_request_id, commit_sha, pull_request, pull_number, artifact_digest, artifact_key)
SELECT DISTINCT ON (stream_id)
       substr(stream_id, length('change-request-') + 1),
       lower(links ->> 'commitSha'),
       links ->> 'pullRequest',
       substring(links ->> 'pullRequest' FROM '(\d+)/?$'),
       lower(links ->> 'artifactDigest'),
       coalesce(substring(lower(links ->> 'artifactDigest') FROM ':([0-9a-f]{32})'),
                lower(links ->> 'artifactDigest'))
  FROM (SELECT stream_id, revision,
               CASE WHEN jsonb_typeof(data -> 'content' -> 'links') = 'object'
                    THEN data -> 'content' -> 'links' ELSE '{}'::jsonb END AS links
          FROM ledger.events
         WHERE type IN ('ChangeRequestCreated', 'ChangeRequestAmended')
           AND starts_with(stream_id, 'change-request-')) registered
 ORDER BY stream_id, revision DESC;

-- Down Migration

DROP TRIGGER events_keep_change_request_links ON ledger.events;
DROP SCHEMA ingestion CASCADE;
