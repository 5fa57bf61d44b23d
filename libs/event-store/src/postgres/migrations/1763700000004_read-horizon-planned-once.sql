-- Up Migration

-- ledger.read_horizon() (1763700000001, ADR 0002) unchanged in what it computes, now in PL/pgSQL.
-- A SQL-language function that cannot be inlined (it has SET clauses) parses and plans its body
-- on every call: for this query over pg_locks that was ~2 ms, a third of the time of reading a
-- page of the global order. PL/pgSQL plans it once per connection (nothing in it depends on table
-- statistics: it reads lock and snapshot functions).

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
  );
END
$$;

-- Down Migration

CREATE OR REPLACE FUNCTION ledger.read_horizon() RETURNS xid8
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
