-- Up Migration

-- The read horizon from the snapshot itself (ADR 0002, "Amended again").
--
-- The previous horizon (1763700000001, 1763700000004) named an appender by the lock it holds on
-- its own transaction id in pg_locks. That lock is taken by a step of its own after the id is
-- assigned: an appender that has its id (so it is running in every snapshot taken from then on)
-- but is still queueing on the lock manager for that lock is not listed, and the horizon passed
-- it. Readers then moved beyond events that committed a moment later, and never went back: 26 of
-- 631,907 events were never sequenced under 14–16 clients.
--
-- Now the horizon is the smallest id in the snapshot's list of running transactions that belongs
-- to an appender of this database, or the snapshot's xmax when none does. Which ids belong to
-- appenders is read from the process array (pg_stat_activity's backend_xid: the id a backend is
-- running, set at the moment the id is assigned, in the same step that makes it visible to
-- snapshots) of the backends holding a ledger stream lock (advisory class 1819), which every
-- append takes before its transaction has an id and holds until its outcome is visible:
--
--   * an id in the snapshot was assigned before the snapshot, so its backend already held its
--     stream lock and showed its id when the later statement reads them, unless it has finished
--     meanwhile — and then its events are visible to the reader's next statement;
--   * an id assigned after the snapshot is at or above its xmax, which bounds the horizon anyway;
--   * a transaction of another application, or of this one that does not append, holds no stream
--     lock and never holds readers back, however long it runs.
--
-- Nothing here depends on when the lock manager lists a lock: only on the order of two facts
-- PostgreSQL establishes before an append writes (stream lock, then id) and the order of the two
-- statements below. Prepared transactions of this database (no backend) count as appenders.
--
-- On a hot standby none of this is visible (advisory locks are not WAL-logged, pg_stat_activity
-- lists the standby's own backends, running ids sit in subxip): a reader there would pass appends
-- still open on the primary. The function refuses to answer on one; the global order is read from
-- the primary.
CREATE OR REPLACE FUNCTION ledger.read_horizon() RETURNS xid8
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  -- A statement of its own, so the lock and process lists below are read after it was taken.
  v_snapshot pg_snapshot := pg_current_snapshot();
  v_horizon  xid8;
  v_appenders bigint[];
BEGIN
  IF pg_is_in_recovery() THEN
    RAISE EXCEPTION 'the global order is read from the primary only: a standby cannot see which appends are still open'
      USING ERRCODE = 'feature_not_supported',
            HINT = 'Point the event store''s readers at the primary (subscriptions, projections, the sequencer).';
  END IF;
  -- pg_stat_activity is cached for the rest of a transaction; a second call in one must not see
  -- the first call's backends.
  PERFORM pg_stat_clear_snapshot();
  SELECT coalesce(array_agg(activity.backend_xid::text::bigint), '{}') INTO v_appenders
    FROM pg_locks stream_lock
    JOIN pg_stat_get_activity(NULL) activity ON activity.pid = stream_lock.pid
   WHERE stream_lock.locktype = 'advisory'
     AND stream_lock.classid = 1819
     AND stream_lock.objsubid = 2
     AND stream_lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND activity.backend_xid IS NOT NULL;
  -- Then, in a later statement, the prepared ones: an appender that prepares between the two
  -- reads has left its backend but is listed here (until it commits, and then it is visible).
  SELECT v_appenders || coalesce(array_agg(prepared.transaction::text::bigint), '{}')
    INTO v_appenders
    FROM pg_prepared_xacts prepared
   WHERE prepared.database = current_database();
  SELECT min(running.xid) INTO v_horizon
    FROM pg_snapshot_xip(v_snapshot) AS running(xid)
   WHERE (running.xid::text::bigint & 4294967295) = ANY (v_appenders);
  RETURN coalesce(v_horizon, pg_snapshot_xmax(v_snapshot));
END
$$;

-- Down Migration

CREATE OR REPLACE FUNCTION ledger.read_horizon() RETURNS xid8
LANGUAGE plpgsql
VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN (
  WITH snapshot AS (
    SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid
  ),
  appenders AS (
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
  SELECT least(
           s.next_xid,
           min(s.next_xid + ((a.xid32 - (s.next_xid & 4294967295) + 6442450944) % 4294967296) - 2147483648)
         )::text::xid8
    FROM snapshot s
    LEFT JOIN appenders a ON true
   GROUP BY s.next_xid
  );
END
$$;
