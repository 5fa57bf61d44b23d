-- Up Migration

-- Only the store writes, and the store's clock is the database's (issue 24, ADR 0002 "Only the
-- store writes"). Until now ledger_writer and ledger_retention held INSERT on ledger.events (any
-- actor, any time, any hash), ledger_retention held DELETE (the trigger let it through on a
-- session setting any session can change), and `recorded_at` came from the API's clock and was
-- not covered by the hash. From here:
--   * the tables belong to ledger_owner, a role nobody logs in as; no other role holds INSERT,
--     UPDATE or DELETE on them;
--   * appends go through ledger.append_events(), SECURITY DEFINER, which checks which streams the
--     caller may write (the retention role: its runs' stream only; the writer: every other one),
--     takes the time from the database (ledger.clock()) and hashes it: the canonical form gains
--     a top-level "recordedAt" (between "prevHash" and "revision", where RFC 8785 sorts it);
--     `hash_format` 2 says so, 1 is an event hashed before (its column time is the API's claim);
--   * deletion goes through ledger.delete_stream(stream, run), rewritten by the integrity
--     migration that follows this one (it needs the log): the trigger lets a row go only while
--     its stream's tombstone, written first by that function in the same transaction, stands.
--
-- ledger.clock() is now() plus ledger.clock_adjustment, a one-row table only ledger_owner (and so
-- a superuser) may change: the tests write history in the past through it. In production it stays
-- at zero; moving it is an insider's act that only witnesses' time can expose (DESIGN.md).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_owner') THEN
    BEGIN
      CREATE ROLE ledger_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a concurrent migration of another database
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA ledger TO ledger_owner;

CREATE TABLE ledger.clock_adjustment (
  singleton boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
  offset_by interval NOT NULL
);
INSERT INTO ledger.clock_adjustment (offset_by) VALUES (interval '0');

CREATE FUNCTION ledger.clock() RETURNS timestamptz
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT now() + coalesce((SELECT c.offset_by FROM ledger.clock_adjustment c), interval '0')
$$;

-- The role a call acts for: the one SET ROLE chose, else the login. A SECURITY DEFINER function
-- runs as its owner, but the `role` setting still names what the session became, and a session
-- can only become a role it is a member of.
CREATE FUNCTION ledger.calling_role() RETURNS name
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE WHEN current_setting('role') = 'none' THEN session_user
              ELSE current_setting('role')::name END
$$;

-- The store's time as hashed and as read back: UTC, microseconds, always the same characters.
CREATE FUNCTION ledger.instant_text(p_at timestamptz) RETURNS text
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

ALTER TABLE ledger.events ADD COLUMN hash_format smallint NOT NULL DEFAULT 1
  CHECK (hash_format IN (1, 2));

ALTER TABLE ledger.deleted_streams ADD COLUMN deleted_txid xid8;

DROP FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[],
                                   timestamptz, boolean);

CREATE FUNCTION ledger.append_events(
  p_stream_ids    text[],       -- one entry per stream appended to
  p_expected      bigint[],     -- per stream: a revision, -1 for "no stream", null for "any"
  p_event_streams integer[],    -- per event: its stream's index in p_stream_ids (1-based)
  p_event_ids     uuid[],
  p_types         text[],
  p_heads         text[],       -- per event: its canonical form up to the previous hash
  p_tails         text[],       -- per event: its canonical form after the revision
  p_notify        boolean)
-- One row per stream, in the order given. `appended`: head_* are the stream's new last event,
-- recorded_at the store's time of the call (the same for every event of it) and event_hashes the
-- chain hashes of the stream's events of the call, in order (what a receipt lists). Otherwise nothing
-- was written, by any stream of the call: `replayed` (some of its ids are stored), `deleted` (a
-- tombstone), `wrong_revision` (head_revision is where it stands, null for no stream), or `ok`
-- (this stream would have gone through).
RETURNS TABLE (outcome text, head_revision bigint, head_commit text, head_seq bigint,
               recorded_at text, event_hashes text[])
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- Planned once per connection (migration 1763700000003): no sequential scan can be planned here.
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
DECLARE
  v_streams  integer := cardinality(p_stream_ids);
  v_events   integer := cardinality(p_event_ids);
  v_caller   name := ledger.calling_role();
  v_now      timestamptz := ledger.clock();
  v_time     text;
  v_deleted  boolean[];
  v_revision bigint[];   -- per stream: its last revision, then the last one this call writes
  v_hash     text[];     -- per stream: its last hash, then the last one this call writes
  v_replayed integer[];  -- the streams some of whose ids are already stored
  v_last     integer[];  -- per stream: the index of its last event in this call
  v_refused  boolean := false;
  v_misfit   boolean;
  v_stream   integer;
  v_n        integer;
  v_canonical text;
  e_revision bigint[];
  e_prev     text[];
  e_hash     text[];
  e_document jsonb[];
  v_seq      bigint;
BEGIN
  -- Who may write where: the retention role records its runs and nothing else; the writer
  -- records everything but the retention runs (a plan written by anyone else could justify a
  -- deletion). Checked before anything is locked or read.
  IF EXISTS (
       SELECT 1 FROM unnest(p_stream_ids) AS s(id)
        WHERE CASE WHEN s.id = 'ledger-retention-runs'
                   THEN NOT pg_has_role(v_caller, 'ledger_retention', 'MEMBER')
                   ELSE NOT pg_has_role(v_caller, 'ledger_writer', 'MEMBER') END) THEN
    RAISE EXCEPTION 'role % may not append to %', v_caller,
      (SELECT string_agg(s.id, ', ') FROM unnest(p_stream_ids) AS s(id))
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'ledger_retention appends to ledger-retention-runs only; ledger_writer to every other stream.';
  END IF;
  -- Nested, so that the sub-query is set up only when there is something to ask it.
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    IF NOT EXISTS (
         SELECT 1 FROM pg_locks l
          WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory'
            AND l.classid = 1819 AND l.objsubid = 2 AND l.granted) THEN
      RAISE EXCEPTION 'an append must take its stream lock before its transaction writes anything else'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Append first, then write the other tables of the same transaction.';
    END IF;
  END IF;
  IF v_streams IS NULL OR v_streams = 0 OR v_events IS NULL
     OR cardinality(p_expected) IS DISTINCT FROM v_streams
     OR cardinality(p_event_streams) IS DISTINCT FROM v_events
     OR cardinality(p_types) IS DISTINCT FROM v_events
     OR cardinality(p_heads) IS DISTINCT FROM v_events
     OR cardinality(p_tails) IS DISTINCT FROM v_events THEN
    RAISE EXCEPTION 'ledger.append_events: streams, expected revisions and event arrays do not line up'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Every event names a stream of the call, and every stream of the call gets an event: the
  -- paths below index by them (the one-event path writes to the call's only stream).
  IF v_events = 1 THEN
    v_misfit := v_streams <> 1 OR p_event_streams[1] IS DISTINCT FROM 1;
  ELSE
    SELECT count(DISTINCT x.n) <> v_streams
           OR coalesce(bool_or(x.n IS NULL OR x.n NOT BETWEEN 1 AND v_streams), false)
      INTO v_misfit
      FROM unnest(p_event_streams) AS x(n);
  END IF;
  IF v_misfit THEN
    RAISE EXCEPTION 'ledger.append_events: every event must name a stream of the call, and every stream have an event'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- Locks in lock-key order, whatever order the caller gave: two calls sharing streams queue
  -- instead of deadlocking, even when two names hash to the same key. Each read comes after the
  -- locks, so with a snapshot that sees every append that held them before.
  IF v_streams = 1 THEN
    PERFORM pg_advisory_xact_lock(1819, hashtext(p_stream_ids[1]));
    SELECT ARRAY[EXISTS (SELECT 1 FROM ledger.deleted_streams d WHERE d.stream_id = p_stream_ids[1])],
           ARRAY[last.revision],
           ARRAY[coalesce(last.hash, repeat('0', 64))],
           CASE WHEN EXISTS (SELECT 1 FROM ledger.events e WHERE e.event_id = ANY (p_event_ids))
                THEN ARRAY[1] END
      INTO v_deleted, v_revision, v_hash, v_replayed
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM ledger.events e
                          WHERE e.stream_id = p_stream_ids[1]
                          ORDER BY e.revision DESC LIMIT 1) AS last ON true;
  ELSE
    -- One statement for all of them; a function scan of the sorted keys takes them in order.
    PERFORM pg_advisory_xact_lock(1819, k.key)
       FROM unnest((SELECT array_agg(DISTINCT hashtext(s.id) ORDER BY hashtext(s.id))
                      FROM unnest(p_stream_ids) AS s(id))) AS k(key);
    SELECT array_agg(EXISTS (SELECT 1 FROM ledger.deleted_streams d WHERE d.stream_id = s.id)
                     ORDER BY s.n),
           array_agg(last.revision ORDER BY s.n),
           array_agg(coalesce(last.hash, repeat('0', 64)) ORDER BY s.n)
      INTO v_deleted, v_revision, v_hash
      FROM unnest(p_stream_ids) WITH ORDINALITY AS s(id, n)
      LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM ledger.events e
                          WHERE e.stream_id = s.id
                          ORDER BY e.revision DESC LIMIT 1) AS last ON true;
    SELECT array_agg(DISTINCT x.n) INTO v_replayed
      FROM unnest(p_event_ids, p_event_streams) AS x(event_id, n)
     WHERE EXISTS (SELECT 1 FROM ledger.events e WHERE e.event_id = x.event_id);
  END IF;

  FOR v_n IN 1 .. v_streams LOOP
    IF v_n = ANY (v_replayed) OR v_deleted[v_n]
       OR (p_expected[v_n] IS NOT NULL
           AND p_expected[v_n] IS DISTINCT FROM coalesce(v_revision[v_n], -1)) THEN
      v_refused := true;
      EXIT;
    END IF;
  END LOOP;
  IF v_refused THEN
    -- The slow path: every stream's outcome, a replay before a tombstone before a revision.
    RETURN QUERY
      SELECT CASE WHEN n = ANY (v_replayed) THEN 'replayed'
                  WHEN v_deleted[n] THEN 'deleted'
                  WHEN p_expected[n] IS NOT NULL
                       AND p_expected[n] IS DISTINCT FROM coalesce(v_revision[n], -1)
                    THEN 'wrong_revision'
                  ELSE 'ok' END,
             v_revision[n], NULL::text, NULL::bigint, NULL::text, NULL::text[]
        FROM generate_series(1, v_streams) AS n
       ORDER BY n;
    RETURN;
  END IF;

  -- The chain, event after event: each hash covers the one before it in its stream and the
  -- store's time, which sorts between them in the canonical form.
  v_time := ledger.instant_text(v_now);
  FOR v_n IN 1 .. v_events LOOP
    v_stream := p_event_streams[v_n];
    e_prev[v_n] := v_hash[v_stream];
    v_revision[v_stream] := coalesce(v_revision[v_stream], -1) + 1;
    e_revision[v_n] := v_revision[v_stream];
    v_canonical := p_heads[v_n] || e_prev[v_n] || '","recordedAt":"' || v_time
                   || '","revision":' || e_revision[v_n] || p_tails[v_n];
    v_hash[v_stream] := encode(sha256(convert_to(v_canonical, 'UTF8')), 'hex');
    e_hash[v_n] := v_hash[v_stream];
    e_document[v_n] := v_canonical::jsonb;
    v_last[v_stream] := v_n;
  END LOOP;

  IF p_notify THEN
    PERFORM pg_notify('ledger_events', '');
  END IF;

  -- One event (a command's append, each writer of the 8-writer bench): a plain INSERT … RETURNING,
  -- without the set machinery below, which costs more than the row itself.
  IF v_events = 1 THEN
    INSERT INTO ledger.events
           (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at,
            hash_format)
    VALUES (p_event_ids[1], p_stream_ids[1], e_revision[1], p_types[1], e_document[1] -> 'data',
            e_document[1] -> 'metadata', e_prev[1], e_hash[1], v_now, 2)
    RETURNING global_seq INTO v_seq;
    outcome := 'appended';
    head_revision := v_revision[1];
    head_commit := pg_current_xact_id()::text;
    head_seq := v_seq;
    recorded_at := v_time;
    event_hashes := ARRAY[e_hash[1]];
    RETURN NEXT;
    RETURN;
  END IF;

  -- Rows go in in event order, so their global_seq rise in that order too: sorted, the returned
  -- sequence numbers line up with the events, and a stream's head is its last event's.
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO ledger.events
             (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at,
              hash_format)
      SELECT x.event_id, p_stream_ids[x.n], x.rev, x.type, x.document -> 'data',
             x.document -> 'metadata', x.prev, x.hash, v_now, 2
        FROM unnest(p_event_ids, p_event_streams, e_revision, p_types, e_document, e_prev, e_hash)
             WITH ORDINALITY AS x(event_id, n, rev, type, document, prev, hash, ord)
       ORDER BY x.ord
      RETURNING global_seq),
    seqs AS (SELECT array_agg(i.global_seq ORDER BY i.global_seq) AS seq FROM inserted i)
    SELECT 'appended'::text, v_revision[n], pg_current_xact_id()::text, seqs.seq[v_last[n]], v_time,
           (SELECT array_agg(e_hash[i] ORDER BY i)
              FROM generate_subscripts(p_event_streams, 1) AS i
             WHERE p_event_streams[i] = n)
      FROM seqs, generate_series(1, v_streams) AS n
     ORDER BY n;
END
$$;

-- The trigger's one way through: a DELETE run as ledger_owner (inside ledger.delete_stream) of
-- a row whose stream's tombstone this very transaction wrote. Nothing a session sets counts.
CREATE OR REPLACE FUNCTION ledger.refuse_event_mutation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND TG_TABLE_NAME = 'events'
     AND current_user = 'ledger_owner'
     AND EXISTS (SELECT 1 FROM ledger.deleted_streams d
                  WHERE d.stream_id = OLD.stream_id
                    AND d.deleted_txid = pg_current_xact_id()) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Events are never changed; retention removes whole streams through ledger.delete_stream().';
END
$$;

-- The old deletion took its run from a session setting any session can change.
REVOKE ALL ON FUNCTION ledger.delete_stream(text) FROM ledger_retention;
DROP FUNCTION ledger.delete_stream(text);

-- When the log first covered an event: the time of the first checkpoint whose tree holds its
-- leaf (the checkpoint's signed time, migration 1763900000001), or null while none does. Time an
-- event has been on record for, as nobody can backdate it short of the log's key and clock
-- (and, with witnesses, theirs). Reads ledger_log, which the integrity migrations create after
-- this one: a deployment without the log has no sequenced time, and so deletes nothing.
CREATE FUNCTION ledger.sequenced_at(p_event_id uuid) RETURNS timestamptz
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- PL/pgSQL, not SQL: its statements are resolved when they run, after the log exists.
  RETURN (SELECT c.signed_at
            FROM ledger_log.leaves l
            JOIN LATERAL (SELECT k.signed_at FROM ledger_log.checkpoints k
                           WHERE k.tree_size > l.leaf_index
                           ORDER BY k.tree_size LIMIT 1) c ON true
           WHERE l.event_id = p_event_id);
END
$$;

-- Deletes a whole stream for a retention run, and refuses, whoever calls it:
--   * a caller not in ledger_retention (EXECUTE is granted to it alone, and checked again here);
--   * a system stream (ledger-…: policy versions, legal holds, retention runs);
--   * a stream whose last event the log has not yet covered by a checkpoint, or covered less than
--     12 months ago by the database's clock (the floor of POL-RETAIN-12M, on sequenced time);
--   * a stream under a legal hold in force;
--   * a stream the run's last RetentionBatchPlanned does not list as it now ends, or whose plan
--     the log has not yet covered by a checkpoint: the justification is on record, signed, before
--     anything goes.
-- Who and when come from the connection and the database's clock, never from parameters. The
-- tombstone is written first, in this transaction; the trigger lets the stream's rows go only
-- while it stands (ledger.refuse_event_mutation()).
CREATE FUNCTION ledger.delete_stream(p_stream_id text, p_run_id text)
RETURNS TABLE (events_deleted bigint, last_hash text)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  v_caller name := ledger.calling_role();
  v_now timestamptz := ledger.clock();
  v_last_id uuid;
  v_last_revision bigint;
  v_last_hash text;
  v_count bigint;
  v_sequenced_at timestamptz;
  v_hold text;
  v_plan_id uuid;
  v_plan_data jsonb;
BEGIN
  IF NOT pg_has_role(v_caller, 'ledger_retention', 'MEMBER') THEN
    RAISE EXCEPTION 'role % may not delete streams', v_caller USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF coalesce(p_run_id, '') = '' THEN
    RAISE EXCEPTION 'a stream is deleted only by a retention run' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF starts_with(p_stream_id, 'ledger-') THEN
    RAISE EXCEPTION 'system stream % is never pruned', p_stream_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- The same per-stream lock appends take: no append can slip in while the stream goes.
  PERFORM pg_advisory_xact_lock(1819, hashtext(p_stream_id));
  SELECT e.event_id, e.revision, e.hash INTO v_last_id, v_last_revision, v_last_hash
    FROM ledger.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % does not exist', p_stream_id USING ERRCODE = 'no_data_found';
  END IF;
  v_sequenced_at := ledger.sequenced_at(v_last_id);
  IF v_sequenced_at IS NULL THEN
    RAISE EXCEPTION 'stream % ends with an event no checkpoint covers yet', p_stream_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF v_sequenced_at > v_now - interval '12 months' THEN
    RAISE EXCEPTION 'stream % is younger than the 12-month retention floor: its last event was first checkpointed at %',
      p_stream_id, v_sequenced_at
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  v_hold := ledger.legal_hold_on(p_stream_id, v_now);
  IF v_hold IS NOT NULL THEN
    RAISE EXCEPTION 'stream % is under legal hold %', p_stream_id, v_hold
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT e.event_id, e.data INTO v_plan_id, v_plan_data
    FROM ledger.events e
   WHERE e.stream_id = 'ledger-retention-runs'
     AND e.data->>'runId' = p_run_id
     AND e.type = 'RetentionBatchPlanned'
   ORDER BY e.revision DESC LIMIT 1;
  IF v_plan_id IS NULL OR NOT v_plan_data->'records' @> jsonb_build_array(
       jsonb_build_object('streamId', p_stream_id, 'lastHash', v_last_hash)) THEN
    RAISE EXCEPTION 'retention run % did not plan stream % as it now ends (%)', p_run_id, p_stream_id, v_last_hash
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF ledger.sequenced_at(v_plan_id) IS NULL THEN
    RAISE EXCEPTION 'retention run %''s plan for % is not yet covered by a checkpoint', p_run_id, p_stream_id
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'The run waits for the projector to sign a checkpoint after it records its plan.';
  END IF;
  SELECT count(*) INTO v_count FROM ledger.events e WHERE e.stream_id = p_stream_id;
  INSERT INTO ledger.deleted_streams
         (stream_id, last_revision, last_hash, events_deleted, deleted_at, deleted_by, reason,
          run_id, deleted_txid)
  VALUES (p_stream_id, v_last_revision, v_last_hash, v_count, v_now, session_user,
          'retention run ' || p_run_id, p_run_id, pg_current_xact_id());
  DELETE FROM ledger.events e WHERE e.stream_id = p_stream_id;
  RETURN QUERY SELECT v_count, v_last_hash;
END
$$;

-- Ownership: the tables, their functions and the sequence behind global_seq.
ALTER TABLE ledger.events OWNER TO ledger_owner;
ALTER TABLE ledger.deleted_streams OWNER TO ledger_owner;
ALTER TABLE ledger.clock_adjustment OWNER TO ledger_owner;
ALTER FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[], boolean)
  OWNER TO ledger_owner;
ALTER FUNCTION ledger.clock() OWNER TO ledger_owner;
ALTER FUNCTION ledger.legal_hold_on(text, timestamptz) OWNER TO ledger_owner;
ALTER FUNCTION ledger.delete_stream(text, text) OWNER TO ledger_owner;
ALTER FUNCTION ledger.sequenced_at(uuid) OWNER TO ledger_owner;

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ledger.events, ledger.deleted_streams
  FROM ledger_writer, ledger_retention, ledger_reader, PUBLIC;
REVOKE ALL ON ledger.clock_adjustment FROM PUBLIC;
GRANT SELECT ON ledger.clock_adjustment TO ledger_writer, ledger_reader, ledger_retention;

REVOKE ALL ON FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[], boolean)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[], boolean)
  TO ledger_writer, ledger_retention;
GRANT EXECUTE ON FUNCTION ledger.clock() TO ledger_writer, ledger_reader, ledger_retention;
REVOKE ALL ON FUNCTION ledger.delete_stream(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.delete_stream(text, text) TO ledger_retention;
GRANT EXECUTE ON FUNCTION ledger.sequenced_at(uuid) TO ledger_writer, ledger_reader, ledger_retention;
-- The old first step of an append, unused since migration 1763700000003: a lock without a write.
REVOKE ALL ON FUNCTION ledger.lock_stream_for_append(text, uuid[]) FROM ledger_writer, ledger_retention;

-- Down Migration

-- A store that went this way does not go back: events hashed with the store's time would no
-- longer verify under the previous append function's canonical form.
DO $$ BEGIN RAISE EXCEPTION 'migration 1763700000007 is not reversible'; END $$;
