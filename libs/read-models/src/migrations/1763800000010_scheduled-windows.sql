-- Up Migration

-- The change calendar (issue 17): each change request's scheduled window, so that two changes on
-- one affected system whose windows overlap are found by one indexed query. Set by ChangeScheduled
-- only (a time proposed in the request's content is not a schedule). Rows projected before this
-- migration get their windows with `ledger rebuild change-requests`.
ALTER TABLE read_models.change_requests
  ADD COLUMN scheduled_for   timestamptz,
  ADD COLUMN scheduled_until timestamptz;
CREATE INDEX change_requests_scheduled ON read_models.change_requests
  USING gist (tstzrange(scheduled_for, scheduled_until))
  WHERE scheduled_for IS NOT NULL;

-- Down Migration

DROP INDEX read_models.change_requests_scheduled;
ALTER TABLE read_models.change_requests DROP COLUMN scheduled_for, DROP COLUMN scheduled_until;
