-- Up Migration

-- The append path, cheaper per call and per event (ADR 0013-append-path, "Amended"). Nothing it
-- guarantees changes: the same function signature, outcomes, lock order, snapshot after the
-- locks, refusals that write nothing, chain and hash.
--
--   * The two hash format checks said `~ '^[0-9a-f]{64}$'`. PostgreSQL's regex engine runs that
--     bounded repetition slowly: ~14 µs a value on this machine, two per event, about half of
--     what a row here cost beyond the benchmark's bare table. The same rule (exactly 64 characters,
--     each one of 0-9 a-f) as a length test and a search for any other character costs ~0.6 µs.
--     Same constraint names; existing rows are checked again as the constraints are added.
--   * ledger.append_events() reads a single stream's head, tombstone and stored ids with one
--     plain lateral lookup instead of four sorted aggregates (each a sort of its own, set up on
--     every call), asks the transaction-id question about pg_locks only when the transaction has
--     an id (the executor set that sub-query up on every call, though it never ran in
--     autocommit), stops at the first refusal and classifies refusals only then, and maps the
--     inserted rows back to their streams by position instead of a hash join and a hash
--     aggregate; a call of one event inserts it with a plain INSERT … RETURNING. Each of those
--     was executor set-up paid per call.

-- Adding them checks every stored row once, under the ALTER's lock: appends and reads wait for
-- that one scan of the table during the upgrade. NOT VALID + VALIDATE would not shorten the wait,
-- since the migrations run in one transaction, which keeps the ALTER's lock to its end.
ALTER TABLE ledger.events
  DROP CONSTRAINT events_hash_check,
  DROP CONSTRAINT events_prev_hash_check,
  ADD CONSTRAINT events_hash_check CHECK (octet_length(hash) = 64 AND hash !~ '[^0-9a-f]'),
  ADD CONSTRAINT events_prev_hash_check
    CHECK (octet_length(prev_hash) = 64 AND prev_hash !~ '[^0-9a-f]');

CREATE OR REPLACE FUNCTION ledger.append_events(
  p_stream_ids    text[],       -- one entry per stream appended to
  p_expected      bigint[],     -- per stream: a revision, -1 for "no stream", null for "any"
  p_event_streams integer[],    -- per event: its stream's index in p_stream_ids (1-based)
  p_event_ids     uuid[],
  p_types         text[],
  p_heads         text[],       -- per event: its canonical form up to the previous hash
  p_tails         text[],       -- per event: its canonical form after the revision
  p_recorded_at   timestamptz,
  p_notify        boolean)
-- One row per stream, in the order given. `appended`: head_* are the stream's new last event.
-- Otherwise nothing was written, by any stream of the call: `replayed` (some of its ids are
-- stored), `deleted` (a tombstone), `wrong_revision` (head_revision is where it stands, null for
-- no stream), or `ok` (this stream would have gone through).
RETURNS TABLE (outcome text, head_revision bigint, head_commit text, head_seq bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- Planned once per connection (migration 1763700000003): no sequential scan can be planned here.
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
DECLARE
  v_streams  integer := cardinality(p_stream_ids);
  v_events   integer := cardinality(p_event_ids);
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
             v_revision[n], NULL::text, NULL::bigint
        FROM generate_series(1, v_streams) AS n
       ORDER BY n;
    RETURN;
  END IF;

  -- The chain, event after event: each hash covers the one before it in its stream.
  FOR v_n IN 1 .. v_events LOOP
    v_stream := p_event_streams[v_n];
    e_prev[v_n] := v_hash[v_stream];
    v_revision[v_stream] := coalesce(v_revision[v_stream], -1) + 1;
    e_revision[v_n] := v_revision[v_stream];
    v_canonical := p_heads[v_n] || e_prev[v_n] || '","revision":' || e_revision[v_n] || p_tails[v_n];
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
           (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
    VALUES (p_event_ids[1], p_stream_ids[1], e_revision[1], p_types[1], e_document[1] -> 'data',
            e_document[1] -> 'metadata', e_prev[1], e_hash[1], p_recorded_at)
    RETURNING global_seq INTO v_seq;
    outcome := 'appended';
    head_revision := v_revision[1];
    head_commit := pg_current_xact_id()::text;
    head_seq := v_seq;
    RETURN NEXT;
    RETURN;
  END IF;

  -- Rows go in in event order, so their global_seq rise in that order too: sorted, the returned
  -- sequence numbers line up with the events, and a stream's head is its last event's.
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO ledger.events
             (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
      SELECT x.event_id, p_stream_ids[x.n], x.rev, x.type, x.document -> 'data',
             x.document -> 'metadata', x.prev, x.hash, p_recorded_at
        FROM unnest(p_event_ids, p_event_streams, e_revision, p_types, e_document, e_prev, e_hash)
             WITH ORDINALITY AS x(event_id, n, rev, type, document, prev, hash, ord)
       ORDER BY x.ord
      RETURNING global_seq),
    seqs AS (SELECT array_agg(i.global_seq ORDER BY i.global_seq) AS seq FROM inserted i)
    SELECT 'appended'::text, v_revision[n], pg_current_xact_id()::text, seqs.seq[v_last[n]]
      FROM seqs, generate_series(1, v_streams) AS n
     ORDER BY n;
END
$$;

-- Down Migration

ALTER TABLE ledger.events
  DROP CONSTRAINT events_hash_check,
  DROP CONSTRAINT events_prev_hash_check,
  ADD CONSTRAINT events_hash_check CHECK (hash ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT events_prev_hash_check CHECK (prev_hash ~ '^[0-9a-f]{64}$');

CREATE OR REPLACE FUNCTION ledger.append_events(
  p_stream_ids    text[],       -- one entry per stream appended to
  p_expected      bigint[],     -- per stream: a revision, -1 for "no stream", null for "any"
  p_event_streams integer[],    -- per event: its stream's index in p_stream_ids (1-based)
  p_event_ids     uuid[],
  p_types         text[],
  p_heads         text[],       -- per event: its canonical form up to the previous hash
  p_tails         text[],       -- per event: its canonical form after the revision
  p_recorded_at   timestamptz,
  p_notify        boolean)
-- One row per stream, in the order given. `appended`: head_* are the stream's new last event.
-- Otherwise nothing was written, by any stream of the call: `replayed` (some of its ids are
-- stored), `deleted` (a tombstone), `wrong_revision` (head_revision is where it stands, null for
-- no stream), or `ok` (this stream would have gone through).
RETURNS TABLE (outcome text, head_revision bigint, head_commit text, head_seq bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
-- Planned once per connection, not on every call (planning was most of the call's cost). The
-- worry that made the lock function re-plan every time — a plan cached while the table was small
-- (a sequential scan) outliving its growth until the next ANALYZE — is met by never planning a
-- sequential scan here: every lookup this function makes has its index.
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
AS $$
DECLARE
  v_streams  integer := cardinality(p_stream_ids);
  v_stream   integer;
  v_deleted  boolean[];
  v_revision bigint[];   -- per stream: its last revision, then the last one this call writes
  v_hash     text[];     -- per stream: its last hash, then the last one this call writes
  v_replayed integer[];
  v_outcome  text[];
  v_refused  boolean := false;
  v_canonical text;
  v_n        integer;
  e_revision bigint[];
  e_prev     text[];
  e_hash     text[];
  e_document jsonb[];
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM pg_locks l
        WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory'
          AND l.classid = 1819 AND l.objsubid = 2 AND l.granted) THEN
    RAISE EXCEPTION 'an append must take its stream lock before its transaction writes anything else'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Append first, then write the other tables of the same transaction.';
  END IF;
  IF v_streams IS NULL OR v_streams = 0
     OR cardinality(p_expected) IS DISTINCT FROM v_streams
     OR cardinality(p_event_ids) IS NULL
     OR cardinality(p_event_streams) IS DISTINCT FROM cardinality(p_event_ids)
     OR cardinality(p_types) IS DISTINCT FROM cardinality(p_event_ids)
     OR cardinality(p_heads) IS DISTINCT FROM cardinality(p_event_ids)
     OR cardinality(p_tails) IS DISTINCT FROM cardinality(p_event_ids) THEN
    RAISE EXCEPTION 'ledger.append_events: streams, expected revisions and event arrays do not line up'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- In lock-key order, whatever order the caller gave: two calls sharing streams queue instead
  -- of deadlocking, even when two names hash to the same key.
  IF v_streams = 1 THEN
    PERFORM pg_advisory_xact_lock(1819, hashtext(p_stream_ids[1]));
  ELSE
    -- One statement for all of them; a function scan of the sorted keys takes them in order.
    PERFORM pg_advisory_xact_lock(1819, k.key)
       FROM unnest((SELECT array_agg(DISTINCT hashtext(s.id) ORDER BY hashtext(s.id))
                      FROM unnest(p_stream_ids) AS s(id))) AS k(key);
  END IF;

  -- Read after the locks, so with a snapshot that sees every append that held them before.
  SELECT array_agg(EXISTS (SELECT 1 FROM ledger.deleted_streams d WHERE d.stream_id = s.id)
                   ORDER BY s.n),
         array_agg(last.revision ORDER BY s.n),
         array_agg(coalesce(last.hash, repeat('0', 64)) ORDER BY s.n),
         (SELECT array_agg(DISTINCT x.n)
            FROM unnest(p_event_ids, p_event_streams) AS x(event_id, n)
           WHERE EXISTS (SELECT 1 FROM ledger.events e WHERE e.event_id = x.event_id))
    INTO v_deleted, v_revision, v_hash, v_replayed
    FROM unnest(p_stream_ids) WITH ORDINALITY AS s(id, n)
    LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM ledger.events e
                        WHERE e.stream_id = s.id
                        ORDER BY e.revision DESC LIMIT 1) AS last ON true;

  v_outcome := array_fill('ok'::text, ARRAY[v_streams]);
  FOR v_n IN 1 .. v_streams LOOP
    IF v_n = ANY (v_replayed) THEN
      v_outcome[v_n] := 'replayed';
    ELSIF v_deleted[v_n] THEN
      v_outcome[v_n] := 'deleted';
    ELSIF p_expected[v_n] IS NOT NULL
          AND p_expected[v_n] IS DISTINCT FROM coalesce(v_revision[v_n], -1) THEN
      v_outcome[v_n] := 'wrong_revision';
    ELSE
      CONTINUE;
    END IF;
    v_refused := true;
  END LOOP;
  IF v_refused THEN
    RETURN QUERY SELECT v_outcome[n], v_revision[n], NULL::text, NULL::bigint
                   FROM generate_series(1, v_streams) AS n;
    RETURN;
  END IF;

  -- The chain, event after event: each hash covers the one before it in its stream.
  FOR v_n IN 1 .. cardinality(p_event_ids) LOOP
    v_stream := p_event_streams[v_n];
    v_revision[v_stream] := coalesce(v_revision[v_stream], -1) + 1;
    e_prev[v_n] := v_hash[v_stream];
    v_canonical := p_heads[v_n] || v_hash[v_stream] || '","revision":' || v_revision[v_stream]
                   || p_tails[v_n];
    v_hash[v_stream] := encode(sha256(convert_to(v_canonical, 'UTF8')), 'hex');
    e_hash[v_n] := v_hash[v_stream];
    e_revision[v_n] := v_revision[v_stream];
    e_document[v_n] := v_canonical::jsonb;
  END LOOP;

  IF p_notify THEN
    PERFORM pg_notify('ledger_events', '');
  END IF;

  RETURN QUERY
    WITH inserted AS (
      INSERT INTO ledger.events
             (event_id, stream_id, revision, type, data, metadata, prev_hash, hash, recorded_at)
      SELECT x.event_id, p_stream_ids[x.n], x.rev, x.type, x.document -> 'data',
             x.document -> 'metadata', x.prev, x.hash, p_recorded_at
        FROM unnest(p_event_ids, p_event_streams, e_revision, p_types, e_document, e_prev, e_hash)
             WITH ORDINALITY AS x(event_id, n, rev, type, document, prev, hash, ord)
       ORDER BY x.ord
      RETURNING stream_id AS stream, global_seq AS seq)
    SELECT 'appended'::text, v_revision[s.n], pg_current_xact_id()::text, last.seq
      FROM unnest(p_stream_ids) WITH ORDINALITY AS s(id, n)
      JOIN (SELECT i.stream, max(i.seq) AS seq FROM inserted i GROUP BY i.stream) AS last
        ON last.stream = s.id
     ORDER BY s.n;
END
$$;
