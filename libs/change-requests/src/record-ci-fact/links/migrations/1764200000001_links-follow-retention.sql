-- Up Migration

-- A change request removed by retention (ledger.delete_stream, ADR 0008) leaves a tombstone in
-- ledger.deleted_streams; its links go with it, in the same transaction. Otherwise a CI fact that
-- names an old commit would still be linked to a change the ledger no longer holds, and recording
-- it would fail on the deleted stream instead of being kept as an unlinked fact.

CREATE FUNCTION ingestion.forget_deleted_change_request_links() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  DELETE FROM ingestion.change_request_links
   WHERE change_request_id = substr(NEW.stream_id, length('change-request-') + 1);
  RETURN NULL;
END
$$;

CREATE TRIGGER deleted_streams_forget_change_request_links
  AFTER INSERT ON ledger.deleted_streams
  FOR EACH ROW
  WHEN (starts_with(NEW.stream_id, 'change-request-'))
  EXECUTE FUNCTION ingestion.forget_deleted_change_request_links();

-- Tombstones written before this migration.
DELETE FROM ingestion.change_request_links l
 USING ledger.deleted_streams d
 WHERE d.stream_id = 'change-request-' || l.change_request_id;

-- Down Migration

DROP TRIGGER deleted_streams_forget_change_request_links ON ledger.deleted_streams;
DROP FUNCTION ingestion.forget_deleted_change_request_links();
