-- Up Migration

-- The event store on PostgreSQL (ADR 0002). Append-only is enforced by the database itself:
--   * ledger_writer, the application's role, may only INSERT and SELECT;
--   * triggers refuse UPDATE, DELETE and TRUNCATE to everyone, the table owner included;
--   * whole streams are removed only by ledger.delete_stream(), owned by ledger_retention, which
--     leaves a tombstone behind.
-- Roles are cluster-wide: they are created once and shared by every database of the cluster.
-- Where the migrating role may not create roles, a DBA creates these three beforehand.

DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['ledger_writer', 'ledger_reader', 'ledger_retention'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created meanwhile by a concurrent migration of another database
      END;
    END IF;
  END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS ledger;
GRANT USAGE ON SCHEMA ledger TO ledger_writer, ledger_reader, ledger_retention;

CREATE TABLE ledger.events (
  -- The global order is (transaction_id, global_seq), read only below the oldest transaction
  -- still running, so that a reader never passes an event that has yet to commit (ADR 0002).
  global_seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id       uuid        NOT NULL,
  stream_id      text        NOT NULL,
  revision       bigint      NOT NULL CHECK (revision >= 0),
  type           text        NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  prev_hash      text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash           text        NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  recorded_at    timestamptz NOT NULL,
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
);

CREATE INDEX events_global_order ON ledger.events (transaction_id, global_seq);
CREATE INDEX events_type_global_order ON ledger.events (type, transaction_id, global_seq);
CREATE INDEX events_recorded_at ON ledger.events (recorded_at);

-- What retention removed: the stream's name, how far it went and the hash it ended on, so the
-- removal itself stays on record and the name is never reused.
CREATE TABLE ledger.deleted_streams (
  stream_id      text        PRIMARY KEY,
  last_revision  bigint      NOT NULL,
  last_hash      text        NOT NULL,
  events_deleted bigint      NOT NULL,
  deleted_at     timestamptz NOT NULL DEFAULT now(),
  deleted_by     text        NOT NULL,
  reason         text        NOT NULL
);

CREATE FUNCTION ledger.refuse_event_mutation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- The one way through: ledger.delete_stream(), running as ledger_retention, deleting the rows
  -- of the stream it announced.
  IF TG_OP = 'DELETE'
     AND TG_TABLE_NAME = 'events'
     AND current_user = 'ledger_retention'
     AND current_setting('ledger.deleting_stream', true) = OLD.stream_id THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Events are never changed; retention removes whole streams through ledger.delete_stream().';
END
$$;

CREATE TRIGGER events_refuse_update_delete
  BEFORE UPDATE OR DELETE ON ledger.events
  FOR EACH ROW EXECUTE FUNCTION ledger.refuse_event_mutation();
CREATE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON ledger.events
  FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_event_mutation();
CREATE TRIGGER deleted_streams_refuse_update_delete
  BEFORE UPDATE OR DELETE ON ledger.deleted_streams
  FOR EACH ROW EXECUTE FUNCTION ledger.refuse_event_mutation();
CREATE TRIGGER deleted_streams_refuse_truncate
  BEFORE TRUNCATE ON ledger.deleted_streams
  FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_event_mutation();

-- Wakes live subscriptions. One notification per transaction (PostgreSQL folds identical ones)
-- and delivered only at commit; a subscription also polls, so a lost one only delays it.
CREATE FUNCTION ledger.notify_append() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ledger_events', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER events_notify_append
  AFTER INSERT ON ledger.events
  FOR EACH STATEMENT EXECUTE FUNCTION ledger.notify_append();

-- The first step of every append, in one round trip: take the stream's lock (writers of one
-- stream queue here, writers of different streams never meet), then read, with a snapshot taken
-- after the lock, whether the stream was deleted, its last event, and how many of the new ids are
-- already stored (a replay). Planned on every call: a plan cached while the table was small (a
-- sequential scan) would otherwise outlive its growth until the next ANALYZE.
CREATE FUNCTION ledger.lock_stream_for_append(p_stream_id text, p_event_ids uuid[])
RETURNS TABLE (deleted boolean, last_revision bigint, last_hash text, stored_events bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1819, hashtext(p_stream_id));
  RETURN QUERY
    SELECT EXISTS (SELECT 1 FROM ledger.deleted_streams d WHERE d.stream_id = p_stream_id),
           last.revision, last.hash,
           (SELECT count(*) FROM ledger.events e WHERE e.event_id = ANY (p_event_ids))
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM ledger.events e
                          WHERE e.stream_id = p_stream_id
                          ORDER BY e.revision DESC LIMIT 1) AS last ON true;
END
$$;

CREATE FUNCTION ledger.delete_stream(p_stream_id text, p_deleted_by text, p_reason text)
RETURNS TABLE (events_deleted bigint, last_hash text)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  v_last_revision bigint;
  v_last_hash text;
  v_count bigint;
BEGIN
  IF coalesce(p_deleted_by, '') = '' OR coalesce(p_reason, '') = '' THEN
    RAISE EXCEPTION 'a stream is deleted only with who deletes it and why'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- The same per-stream lock appends take: no append can slip in while the stream goes.
  PERFORM pg_advisory_xact_lock(1819, hashtext(p_stream_id));
  SELECT e.revision, e.hash INTO v_last_revision, v_last_hash
    FROM ledger.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % does not exist', p_stream_id USING ERRCODE = 'no_data_found';
  END IF;
  PERFORM set_config('ledger.deleting_stream', p_stream_id, true);
  DELETE FROM ledger.events e WHERE e.stream_id = p_stream_id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM set_config('ledger.deleting_stream', '', true);
  INSERT INTO ledger.deleted_streams (stream_id, last_revision, last_hash, events_deleted, deleted_by, reason)
    VALUES (p_stream_id, v_last_revision, v_last_hash, v_count, p_deleted_by, p_reason);
  RETURN QUERY SELECT v_count, v_last_hash;
END
$$;

GRANT SELECT, DELETE ON ledger.events TO ledger_retention;
GRANT SELECT, INSERT ON ledger.deleted_streams TO ledger_retention;
ALTER FUNCTION ledger.delete_stream(text, text, text) OWNER TO ledger_retention;
REVOKE ALL ON FUNCTION ledger.delete_stream(text, text, text) FROM PUBLIC;

GRANT SELECT, INSERT ON ledger.events TO ledger_writer;
GRANT SELECT ON ledger.deleted_streams TO ledger_writer;
GRANT EXECUTE ON FUNCTION ledger.delete_stream(text, text, text) TO ledger_writer;
GRANT EXECUTE ON FUNCTION ledger.lock_stream_for_append(text, uuid[]) TO ledger_writer;

GRANT SELECT ON ledger.events, ledger.deleted_streams TO ledger_reader;

-- Down Migration

DROP SCHEMA ledger CASCADE;
