-- Up Migration

-- An append in one round trip (ADR 0013-append-path).
--
-- Until now an append was BEGIN, ledger.lock_stream_for_append(), the hash chain sealed in Node
-- (it needs the stream's last hash), INSERT, COMMIT: four round trips and a commit, and a
-- statement trigger that NOTIFYed inside the append's transaction, so that every appender queued
-- on PostgreSQL's notify-queue lock through its commit. From here:
--
--   * ledger.append_events() does the whole append in one call, in autocommit: it takes the
--     streams' locks (class 1819, before the transaction has an id, as ledger.read_horizon()
--     requires), checks tombstones, already-stored ids (a replay), expected revisions, then
--     chains, hashes and inserts. One call can append to many streams: all or nothing.
--   * The chain is sealed here, under the lock, from the head this function has just read: Node
--     sends each event's canonical RFC 8785 form split around the two values only the head decides
--     (`{"data":…,"metadata":…,"prevHash":"` ‖ prev hash ‖ `","revision":` ‖ revision ‖
--     `,"streamId":…,"type":…}`, libs/event-store/src/integrity/hash-chain.ts), and this function
--     fills them in and takes the SHA-256. The stored data and metadata are parsed from exactly
--     the bytes that were hashed. Verification still recomputes every hash in Node from what is
--     stored, with its own canonicalisation: the two are held to the same bytes by a spec.
--   * No trigger notifies any more: the store sends a coalesced pg_notify after its appends have
--     committed, from outside them (postgres-event-store.ts). An append inside a caller's
--     transaction asks this function to notify (p_notify), delivered at that caller's commit.
--
-- ledger.lock_stream_for_append() stays for a writer of the previous version during a rolling
-- deploy; its appends are found by subscribers' polling instead of a notification.

CREATE FUNCTION ledger.append_events(
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

REVOKE ALL ON FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[], timestamptz, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[], timestamptz, boolean)
  TO ledger_writer, ledger_retention;

DROP TRIGGER events_notify_append ON ledger.events;
DROP FUNCTION ledger.notify_append();

-- Down Migration

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
DROP FUNCTION ledger.append_events(text[], bigint[], integer[], uuid[], text[], text[], text[], timestamptz, boolean);
