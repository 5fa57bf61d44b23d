-- Up Migration

-- The log's tables are written through functions only (issue 24). Until now ledger_sequencer
-- held INSERT on leaves, tree nodes and checkpoints: a login in that role could add a leaf for
-- an event that is not the one at its position, or a checkpoint row whose time no one signed.
-- From here the tables belong to ledger_owner (nobody logs in as it), and:
--   * ledger_log.append_leaves() adds leaves only at the end of the log, densely, each the event
--     the store holds at that position with that hash (where the events are in this database),
--     with the subtree hashes the sequencer computed (ledger verify checks every stored node);
--   * ledger_log.add_checkpoint() adds a checkpoint only for a larger tree the leaves hold, and
--     stores as its time the `time` line of the signed note, which must be the database's clock
--     within a minute and never earlier than the previous checkpoint's. That time is what
--     retention measures periods with (ledger.sequenced_at()).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_owner') THEN
    BEGIN
      CREATE ROLE ledger_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA ledger_log TO ledger_owner;

-- Where the events are in this database, the functions read them as their owner.
DO $$
BEGIN
  IF to_regclass('ledger.events') IS NOT NULL THEN
    GRANT USAGE ON SCHEMA ledger TO ledger_owner;
  END IF;
END
$$;

CREATE FUNCTION ledger_log.calling_role() RETURNS name
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE WHEN current_setting('role') = 'none' THEN session_user
              ELSE current_setting('role')::name END
$$;

-- The database's clock as the event store keeps it (ledger.clock(), which tests can adjust) where
-- the events are in this database; now() where they are not. PL/pgSQL resolves the call only
-- when it runs, so this compiles without the event store's schema.
CREATE FUNCTION ledger_log.clock() RETURNS timestamptz
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF to_regprocedure('ledger.clock()') IS NOT NULL THEN
    RETURN ledger.clock();
  END IF;
  RETURN now();
END
$$;

CREATE FUNCTION ledger_log.append_leaves(
  p_leaf_indexes bigint[],
  p_event_ids    uuid[],
  p_stream_ids   text[],
  p_revisions    bigint[],
  p_event_hashes bytea[],
  p_commits      numeric[],
  p_prepares     numeric[],
  p_node_levels  smallint[],
  p_node_indexes bigint[],
  p_node_hashes  bytea[])
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_caller name := ledger_log.calling_role();
  v_count integer := cardinality(p_leaf_indexes);
  v_size bigint;
  v_matching integer;
BEGIN
  IF NOT pg_has_role(v_caller, 'ledger_sequencer', 'MEMBER') THEN
    RAISE EXCEPTION 'role % may not add leaves to the log', v_caller
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF coalesce(v_count, 0) = 0 THEN
    RETURN;
  END IF;
  SELECT coalesce(max(l.leaf_index) + 1, 0) INTO v_size FROM ledger_log.leaves l;
  IF EXISTS (SELECT 1 FROM unnest(p_leaf_indexes) WITH ORDINALITY AS x(leaf_index, n)
              WHERE x.leaf_index IS DISTINCT FROM v_size + x.n - 1) THEN
    RAISE EXCEPTION 'leaves are added at the end of the log, densely: the next is %', v_size
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF to_regclass('ledger.events') IS NOT NULL THEN
    SELECT count(*) INTO v_matching
      FROM unnest(p_event_ids, p_stream_ids, p_revisions, p_event_hashes, p_commits, p_prepares)
           AS x(event_id, stream_id, revision, event_hash, commit, prepare)
      JOIN ledger.events e ON e.event_id = x.event_id
     WHERE e.stream_id = x.stream_id
       AND e.revision = x.revision
       AND e.hash = encode(x.event_hash, 'hex')
       AND e.transaction_id::text::numeric = x.commit
       AND e.global_seq = x.prepare;
    IF v_matching <> v_count THEN
      RAISE EXCEPTION 'a leaf must be the event the store holds at its position, with its hash'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
  END IF;
  INSERT INTO ledger_log.leaves (leaf_index, event_id, stream_id, revision, event_hash, commit, prepare)
  SELECT * FROM unnest(p_leaf_indexes, p_event_ids, p_stream_ids, p_revisions, p_event_hashes,
                       p_commits, p_prepares);
  INSERT INTO ledger_log.tree_nodes (level, node_index, hash)
  SELECT * FROM unnest(p_node_levels, p_node_indexes, p_node_hashes);
END
$$;

CREATE FUNCTION ledger_log.add_checkpoint(
  p_tree_size    bigint,
  p_root_hash    bytea,
  p_origin       text,
  p_note         text,
  p_verifier_key text)
RETURNS timestamptz
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_caller name := ledger_log.calling_role();
  v_now timestamptz := ledger_log.clock();
  v_time_line text[];
  v_signed_at timestamptz;
  v_previous ledger_log.checkpoints%ROWTYPE;
  v_size bigint;
BEGIN
  IF NOT pg_has_role(v_caller, 'ledger_sequencer', 'MEMBER') THEN
    RAISE EXCEPTION 'role % may not add checkpoints', v_caller USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- The `time <unix seconds>` extension line of the note's text (before the blank line).
  v_time_line := regexp_match(split_part(p_note, E'\n\n', 1), E'\ntime (0|[1-9][0-9]{0,11})(\n|$)');
  IF v_time_line IS NULL THEN
    RAISE EXCEPTION 'a checkpoint states the time it was signed (a `time <unix seconds>` line)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  v_signed_at := to_timestamp(v_time_line[1]::bigint);
  IF v_signed_at NOT BETWEEN v_now - interval '1 minute' AND v_now + interval '1 second' THEN
    RAISE EXCEPTION 'a checkpoint signed at % is not signed now (the database''s clock says %)', v_signed_at, v_now
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT * INTO v_previous FROM ledger_log.checkpoints c ORDER BY c.tree_size DESC LIMIT 1;
  IF FOUND AND (p_tree_size <= v_previous.tree_size
                OR v_signed_at < date_trunc('second', v_previous.signed_at)) THEN
    RAISE EXCEPTION 'a checkpoint extends the last one (size %, signed at %)', v_previous.tree_size, v_previous.signed_at
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT coalesce(max(l.leaf_index) + 1, 0) INTO v_size FROM ledger_log.leaves l;
  IF p_tree_size > v_size THEN
    RAISE EXCEPTION 'a checkpoint of % leaves, the log holds %', p_tree_size, v_size
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO ledger_log.checkpoints (tree_size, root_hash, origin, note, verifier_key, signed_at)
  VALUES (p_tree_size, p_root_hash, p_origin, p_note, p_verifier_key, v_signed_at);
  RETURN v_signed_at;
END
$$;

ALTER TABLE ledger_log.leaves OWNER TO ledger_owner;
ALTER TABLE ledger_log.tree_nodes OWNER TO ledger_owner;
ALTER TABLE ledger_log.checkpoints OWNER TO ledger_owner;
ALTER FUNCTION ledger_log.append_leaves(bigint[], uuid[], text[], bigint[], bytea[], numeric[],
                                        numeric[], smallint[], bigint[], bytea[]) OWNER TO ledger_owner;
ALTER FUNCTION ledger_log.add_checkpoint(bigint, bytea, text, text, text) OWNER TO ledger_owner;
ALTER FUNCTION ledger_log.clock() OWNER TO ledger_owner;

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ledger_log.leaves, ledger_log.tree_nodes,
  ledger_log.checkpoints FROM ledger_sequencer, ledger_reader, PUBLIC;
REVOKE ALL ON FUNCTION ledger_log.append_leaves(bigint[], uuid[], text[], bigint[], bytea[], numeric[],
                                                numeric[], smallint[], bigint[], bytea[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_log.add_checkpoint(bigint, bytea, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_log.append_leaves(bigint[], uuid[], text[], bigint[], bytea[], numeric[],
                                                   numeric[], smallint[], bigint[], bytea[]) TO ledger_sequencer;
GRANT EXECUTE ON FUNCTION ledger_log.add_checkpoint(bigint, bytea, text, text, text) TO ledger_sequencer;
GRANT EXECUTE ON FUNCTION ledger_log.clock() TO ledger_sequencer, ledger_reader;

-- Down Migration

DO $$ BEGIN RAISE EXCEPTION 'migration 1763900000001 is not reversible'; END $$;
