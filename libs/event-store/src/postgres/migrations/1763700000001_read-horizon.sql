-- Up Migration

-- How far the global order may be read (ADR 0002, "the read horizon").
--
-- Readers follow (transaction_id, global_seq) and must never pass an event whose transaction has
-- yet to commit. The first version read up to the oldest transaction still running in the whole
-- cluster (pg_snapshot_xmin), so any long transaction — a report, a backup, another application
-- in another database of the same cluster — held back every projection and subscriber of the
-- ledger for as long as it ran. Only transactions that append to the ledger may do that now.
--
-- Every append takes its stream's advisory lock (1819, hash) before it writes anything, so before
-- its transaction has an id; the id is assigned by the INSERT that follows, and the lock is held
-- until commit or rollback, released only after the outcome is visible to new snapshots. Hence:
-- take a snapshot, then list the transactions holding a ledger stream lock in this database. A
-- transaction whose id is below the snapshot's xmax and that holds no such lock has either
-- finished (its events, if any, are visible to any later statement) or never appends. The horizon
-- is the smallest id of an appender still running, or the snapshot's xmax when none is.
--
-- The caller must read events in a later statement than the one that computed the horizon, so
-- that its snapshot includes every appender that finished before the horizon was computed.
CREATE FUNCTION ledger.read_horizon() RETURNS xid8
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
  WITH snapshot AS (
    SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid
  ),
  appenders AS (
    -- pg_locks shows 32-bit xids; every transaction with an id holds the lock on its own id.
    SELECT DISTINCT own.transactionid::text::bigint AS xid32
      FROM pg_locks stream_lock
      JOIN pg_locks own
        ON own.virtualtransaction = stream_lock.virtualtransaction
       AND own.locktype = 'transactionid'
       AND own.mode = 'ExclusiveLock'
       AND own.granted
     WHERE stream_lock.locktype = 'advisory'
       AND stream_lock.classid = 1819
       AND stream_lock.objsubid = 2
       AND stream_lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  )
  -- Back to 64 bits: a running transaction's id lies within 2^31 of the next one, on either side
  -- (it may have been assigned after the snapshot was taken).
  SELECT least(
           s.next_xid,
           min(s.next_xid + ((a.xid32 - (s.next_xid & 4294967295) + 6442450944) % 4294967296) - 2147483648)
         )::text::xid8
    FROM snapshot s
    LEFT JOIN appenders a ON true
   GROUP BY s.next_xid
$$;

-- The lock function refuses an append whose transaction already wrote something else: its id would
-- predate its lock, and a reader could pass it (see ledger.read_horizon()). A transaction that
-- already holds a stream lock (several streams in one transaction) may go on.
CREATE OR REPLACE FUNCTION ledger.lock_stream_for_append(p_stream_id text, p_event_ids uuid[])
RETURNS TABLE (deleted boolean, last_revision bigint, last_hash text, stored_events bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM pg_locks l
        WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory'
          AND l.classid = 1819 AND l.objsubid = 2 AND l.granted) THEN
    RAISE EXCEPTION 'an append must take its stream lock before its transaction writes anything else'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Append first, then write the other tables of the same transaction.';
  END IF;
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

GRANT EXECUTE ON FUNCTION ledger.read_horizon() TO ledger_writer, ledger_reader;

-- Down Migration

DROP FUNCTION ledger.read_horizon();
