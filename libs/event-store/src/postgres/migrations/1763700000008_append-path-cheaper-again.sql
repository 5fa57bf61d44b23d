-- Up Migration

-- The append path, cheaper again (issue 26's ingest benchmark, run beside main before issue 24):
-- migration 1763700000007 made one event per call ~15x slower and a CI chunk's append ~30 %.
--   * jit = off: ledger.append_events() plans with enable_seqscan = off, which everything it
--     calls inherits; ledger.clock() reads its one-row table with a sequential scan that setting
--     prices at 10^10, far above jit_above_cost, so every call JIT-compiled it (~10 ms).
--   * who may write where is asked of pg_has_role() once per role, not once per stream;
--   * each stream's answered hashes come from one grouping of the events, not a scan of every
--     event for each stream.
-- The rules are those of 1763700000007, unchanged.

CREATE OR REPLACE FUNCTION ledger.append_events(
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
-- Inherited by everything the function calls, enable_seqscan = off priced ledger.clock()'s scan
-- of its one-row table at 10^10, and PostgreSQL JIT-compiled it on every call (~10 ms). Nothing
-- on the append path is large enough for JIT to pay.
SET jit = off
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
  -- Each role asked once per call, not once per stream (a CI chunk appends ~500 streams).
  IF ('ledger-retention-runs' = ANY (p_stream_ids)
      AND NOT pg_has_role(v_caller, 'ledger_retention', 'MEMBER'))
     OR (NOT pg_has_role(v_caller, 'ledger_writer', 'MEMBER')
         AND EXISTS (SELECT 1 FROM unnest(p_stream_ids) AS s(id)
                      WHERE s.id IS DISTINCT FROM 'ledger-retention-runs')) THEN
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
    seqs AS (SELECT array_agg(i.global_seq ORDER BY i.global_seq) AS seq FROM inserted i),
    -- Each stream's hashes in one pass over the events: a sub-query per stream scanned every
    -- event for each stream, 250,000 steps for a CI chunk of 500 one-event streams.
    hashes AS (SELECT h.n, array_agg(h.hash ORDER BY h.ord) AS of_stream
                 FROM unnest(p_event_streams, e_hash) WITH ORDINALITY AS h(n, hash, ord)
                GROUP BY h.n)
    SELECT 'appended'::text, v_revision[s.n], pg_current_xact_id()::text, seqs.seq[v_last[s.n]],
           v_time, hashes.of_stream
      FROM seqs, generate_series(1, v_streams) AS s(n)
      JOIN hashes ON hashes.n = s.n
     ORDER BY s.n;
END
$$;

-- Down Migration

-- The same rules and the same answers as 1763700000007's function: nothing to undo but speed.
DO $$ BEGIN RAISE EXCEPTION 'migration 1763700000008 is not reversible; 1763700000007 is not either'; END $$;
