-- Up Migration

-- CI facts read back as they were reported (issue 26, ADR 0025): each row keeps the fact as
-- recorded (what `GET /api/v1/ci-events` answers with), what it said in words, the fields the
-- ledger did not read, and the address of the raw message kept in its receipt stream. Rows
-- projected before this migration have none of it until `ledger rebuild ci-events`.
ALTER TABLE read_models.ci_events
  ADD COLUMN fact jsonb,
  ADD COLUMN said text,
  ADD COLUMN unread text[] NOT NULL DEFAULT '{}',
  ADD COLUMN raw_sha256 text;

-- The listing's order and its keyset paging: newest first, by when it happened.
CREATE INDEX ci_events_occurred_at ON read_models.ci_events (occurred_at, source, event_id);

-- Down Migration

DROP INDEX read_models.ci_events_occurred_at;
ALTER TABLE read_models.ci_events
  DROP COLUMN fact,
  DROP COLUMN said,
  DROP COLUMN unread,
  DROP COLUMN raw_sha256;
