-- Up Migration

-- A pull request links only within its repository (issue 26, ADR 0025). Until now a CI fact's
-- pull request matched a registered one by the digits at its end, whatever the repository: a
-- CDEvents change.merged whose subject was `mySubject123` in TestRepo/TestOrg linked to the
-- change that registered https://github.com/acme/payments/pull/123. Each registration is now
-- kept as one key, `repository#change` (ingestion.pull_request_key, the same function as
-- libs/domain/src/ci/pull-request-key.ts, held to it by a test), and a fact's key must be
-- equal. The old columns stay, unread, for a rollback of this migration.

-- `owner/name`: lower-cased, no scheme, host, git@host: prefix, .git suffix or trailing slash. A
-- scheme or git@ says the first part is a host; without one, a first part with a dot or colon is
-- a host only before an owner and a name (github.com/acme/payments, not my.group/app).
CREATE FUNCTION ingestion.repository_key(repository text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
  SELECT nullif(array_to_string(
           CASE WHEN coalesce(array_length(parts, 1), 0) > 0
                     AND (hosted OR (array_length(parts, 1) > 2 AND parts[1] ~ '[.:]'))
                THEN parts[2:] ELSE parts END, '/'), '')
    FROM (SELECT lowered ~ '^([a-z][a-z0-9+.-]*://|git@)' AS hosted,
                 array_remove(string_to_array(
                   regexp_replace(
                     regexp_replace(
                       regexp_replace(lowered, '^[a-z][a-z0-9+.-]*://', ''),
                       '^git@([^:/]+):', '\1/'),
                     '(\.git)?/*$', ''),
                   '/'), '') AS parts
            FROM (SELECT lower(btrim(repository)) AS lowered) AS input) AS split
$$;

-- `repository#change`: the number of a pull/merge request URL, or the id as reported, whole; NULL
-- when no repository is known (nothing links by it then).
CREATE FUNCTION ingestion.pull_request_key(pull_request text, repository text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  reported text := btrim(pull_request);
  url      text[];
  repo     text;
  change   text;
BEGIN
  IF reported IS NULL OR reported = '' THEN
    RETURN NULL;
  END IF;
  url := regexp_match(reported, '^(.*)/(?:pull|pulls|merge_requests|pull-requests)/(\d+)/?$', 'i');
  IF url IS NOT NULL THEN
    repo := coalesce(ingestion.repository_key(regexp_replace(url[1], '/-$', '')),
                     ingestion.repository_key(repository));
    change := url[2];
  ELSIF reported ~ '^#?\d+$' THEN
    repo := ingestion.repository_key(repository);
    change := ltrim(reported, '#');
  ELSE
    repo := ingestion.repository_key(repository);
    change := lower(reported);
  END IF;
  change := regexp_replace(change, '^0+(?=\d)', '');
  IF repo IS NULL OR change = '' THEN
    RETURN NULL;
  END IF;
  RETURN repo || '#' || change;
END
$$;

ALTER TABLE ingestion.change_request_links ADD COLUMN pull_request_key text;
CREATE INDEX change_request_links_pull_request_key
  ON ingestion.change_request_links (pull_request_key);

-- The trigger of 1764200000000, now keeping the key too.
CREATE OR REPLACE FUNCTION ingestion.keep_change_request_links() RETURNS trigger
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
         (change_request_id, commit_sha, pull_request, pull_number, artifact_digest, artifact_key,
          pull_request_key)
  VALUES (substr(NEW.stream_id, length('change-request-') + 1),
          lower(links ->> 'commitSha'),
          links ->> 'pullRequest',
          substring(links ->> 'pullRequest' FROM '(\d+)/?$'),
          digest,
          coalesce(substring(digest FROM ':([0-9a-f]{32})'), digest),
          ingestion.pull_request_key(links ->> 'pullRequest', links ->> 'repository'))
  ON CONFLICT (change_request_id) DO UPDATE
     SET commit_sha = EXCLUDED.commit_sha,
         pull_request = EXCLUDED.pull_request,
         pull_number = EXCLUDED.pull_number,
         artifact_digest = EXCLUDED.artifact_digest,
         artifact_key = EXCLUDED.artifact_key,
         pull_request_key = EXCLUDED.pull_request_key;
  RETURN NULL;
END
$$;

-- What was registered before this migration, latest content first.
UPDATE ingestion.change_request_links l
   SET pull_request_key = ingestion.pull_request_key(latest.links ->> 'pullRequest',
                                                     latest.links ->> 'repository')
  FROM (SELECT DISTINCT ON (stream_id)
               substr(stream_id, length('change-request-') + 1) AS change_request_id,
               CASE WHEN jsonb_typeof(data -> 'content' -> 'links') = 'object'
                    THEN data -> 'content' -> 'links' ELSE '{}'::jsonb END AS links
          FROM ledger.events
         WHERE type IN ('ChangeRequestCreated', 'ChangeRequestAmended')
           AND starts_with(stream_id, 'change-request-')
         ORDER BY stream_id, revision DESC) latest
 WHERE l.change_request_id = latest.change_request_id;

-- Down Migration

CREATE OR REPLACE FUNCTION ingestion.keep_change_request_links() RETURNS trigger
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
ALTER TABLE ingestion.change_request_links DROP COLUMN pull_request_key;
DROP FUNCTION ingestion.pull_request_key(text, text);
DROP FUNCTION ingestion.repository_key(text);
