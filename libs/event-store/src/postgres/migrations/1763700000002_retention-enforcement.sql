-- Up Migration

-- Retention enforced by the database (issue 12, ADR 0008-retention). Until now the deletion
-- function could be called by the application's writer role, on any stream, with any "who" and
-- "why". From here:
--   * only ledger_retention may execute ledger.delete_stream(); the writer loses it;
--   * the function refuses, whoever calls it: a system stream (ledger-…: policy versions, legal
--     holds, retention runs), a stream whose last event is younger than the 12-month floor
--     (POL-RETAIN-12M), a stream under a legal hold in force (it reads the holds' events), and a stream
--     its retention run did not plan as it now ends (the run's last RetentionBatchPlanned event
--     must list it with its current last hash);
--   * who and why come from the connection, not from parameters: the login (session_user) and
--     the run (the transaction's ledger.retention_run setting), both kept in the tombstone.
-- The floor is the database's own clock against the events' recorded_at.

ALTER TABLE ledger.deleted_streams ADD COLUMN run_id text;

REVOKE ALL ON FUNCTION ledger.delete_stream(text, text, text) FROM ledger_writer;
DROP FUNCTION ledger.delete_stream(text, text, text);

-- A run's events, found without reading every run there ever was.
CREATE INDEX events_retention_run ON ledger.events ((data->>'runId'), revision)
  WHERE stream_id = 'ledger-retention-runs';

-- The first legal hold in force at p_at that keeps the stream, or null. The same three rules as
-- libs/domain/src/retention/legal-hold.ts: by change request (a CI event by the change it is
-- linked to), by affected system (any version of a change's content; a CI event's service), by a
-- time range the stream was active in (first and last event). A scope it does not know holds
-- everything: it fails closed.
CREATE FUNCTION ledger.legal_hold_on(p_stream_id text, p_at timestamptz)
RETURNS text
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH record AS (
    SELECT min(e.recorded_at) AS first_at,
           max(e.recorded_at) AS last_at,
           CASE WHEN starts_with(p_stream_id, 'change-request-')
                THEN substr(p_stream_id, length('change-request-') + 1)
                ELSE max(e.data->'link'->>'changeRequestId') FILTER (WHERE e.type = 'CiEventReceived')
           END AS change_request_id,
           array_agg(DISTINCT s.system) FILTER (WHERE s.system IS NOT NULL) AS systems
      FROM ledger.events e
      LEFT JOIN LATERAL (
        SELECT jsonb_array_elements_text(e.data->'content'->'affectedSystems') AS system
         WHERE e.type IN ('ChangeRequestCreated', 'ChangeRequestAmended')
           AND jsonb_typeof(e.data->'content'->'affectedSystems') = 'array'
        UNION ALL
        SELECT e.data->'fact'->>'service' WHERE e.type = 'CiEventReceived'
      ) s ON true
     WHERE e.stream_id = p_stream_id
  ),
  holds AS (
    SELECT placed.data->>'holdId' AS hold_id, placed.data->'scope' AS scope,
           placed.data->>'until' AS until
      FROM ledger.events placed
     WHERE placed.stream_id = 'ledger-legal-holds'
       AND placed.type = 'LegalHoldPlaced'
       AND NOT EXISTS (
             SELECT 1 FROM ledger.events released
              WHERE released.stream_id = 'ledger-legal-holds'
                AND released.type = 'LegalHoldReleased'
                AND released.data->>'holdId' = placed.data->>'holdId')
  )
  SELECT h.hold_id
    FROM holds h CROSS JOIN record r
   WHERE (h.until IS NULL OR h.until::timestamptz > p_at)
     AND CASE h.scope->>'kind'
           WHEN 'change_request' THEN h.scope->>'changeRequestId' = r.change_request_id
           WHEN 'system' THEN coalesce((h.scope->>'system') = ANY (r.systems), false)
           WHEN 'time_range' THEN r.first_at <= (h.scope->>'to')::timestamptz
                              AND r.last_at >= (h.scope->>'from')::timestamptz
           ELSE true
         END
   ORDER BY h.hold_id
   LIMIT 1
$$;

CREATE FUNCTION ledger.delete_stream(p_stream_id text)
RETURNS TABLE (events_deleted bigint, last_hash text)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  v_run text := nullif(current_setting('ledger.retention_run', true), '');
  v_last_revision bigint;
  v_last_hash text;
  v_last_at timestamptz;
  v_hold text;
  v_count bigint;
BEGIN
  IF v_run IS NULL THEN
    RAISE EXCEPTION 'a stream is deleted only by a retention run (ledger.retention_run is not set)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF starts_with(p_stream_id, 'ledger-') THEN
    RAISE EXCEPTION 'system stream % is never pruned', p_stream_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- The same per-stream lock appends take: no append can slip in while the stream goes.
  PERFORM pg_advisory_xact_lock(1819, hashtext(p_stream_id));
  SELECT e.revision, e.hash, e.recorded_at INTO v_last_revision, v_last_hash, v_last_at
    FROM ledger.events e WHERE e.stream_id = p_stream_id ORDER BY e.revision DESC LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'stream % does not exist', p_stream_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_last_at > now() - interval '12 months' THEN
    RAISE EXCEPTION 'stream % is younger than the 12-month retention floor: its last event was recorded at %',
      p_stream_id, v_last_at
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  v_hold := ledger.legal_hold_on(p_stream_id, now());
  IF v_hold IS NOT NULL THEN
    RAISE EXCEPTION 'stream % is under legal hold %', p_stream_id, v_hold
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (
       SELECT 1
         FROM (SELECT e.data FROM ledger.events e
                WHERE e.stream_id = 'ledger-retention-runs'
                  AND e.data->>'runId' = v_run
                  AND e.type = 'RetentionBatchPlanned'
                ORDER BY e.revision DESC LIMIT 1) AS batch
        WHERE batch.data->'records' @> jsonb_build_array(
                jsonb_build_object('streamId', p_stream_id, 'lastHash', v_last_hash))) THEN
    RAISE EXCEPTION 'retention run % did not plan stream % as it now ends (%)', v_run, p_stream_id, v_last_hash
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('ledger.deleting_stream', p_stream_id, true);
  DELETE FROM ledger.events e WHERE e.stream_id = p_stream_id;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  PERFORM set_config('ledger.deleting_stream', '', true);
  INSERT INTO ledger.deleted_streams
         (stream_id, last_revision, last_hash, events_deleted, deleted_by, reason, run_id)
  VALUES (p_stream_id, v_last_revision, v_last_hash, v_count, session_user,
          'retention run ' || v_run, v_run);
  RETURN QUERY SELECT v_count, v_last_hash;
END
$$;

ALTER FUNCTION ledger.delete_stream(text) OWNER TO ledger_retention;
REVOKE ALL ON FUNCTION ledger.delete_stream(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.delete_stream(text) TO ledger_retention;
GRANT EXECUTE ON FUNCTION ledger.legal_hold_on(text, timestamptz) TO ledger_retention, ledger_writer, ledger_reader;

-- The job reads what the reader reads (events, read models for the reports it freezes) and
-- records its runs as events; it has no other write than the deletion function.
GRANT ledger_reader TO ledger_retention;
GRANT INSERT ON ledger.events TO ledger_retention;
GRANT EXECUTE ON FUNCTION ledger.lock_stream_for_append(text, uuid[]) TO ledger_retention;

-- Down Migration

REVOKE INSERT ON ledger.events FROM ledger_retention;
REVOKE ledger_reader FROM ledger_retention;
DROP FUNCTION ledger.delete_stream(text);
DROP FUNCTION ledger.legal_hold_on(text, timestamptz);
DROP INDEX ledger.events_retention_run;
ALTER TABLE ledger.deleted_streams DROP COLUMN run_id;
