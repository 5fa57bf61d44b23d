-- Up Migration

-- A CI fact's reported time that deserves a second look (reported far ahead of the server's clock,
-- or long after it happened): recorded all the same, flagged here for reviewers. `actor` stays
-- what the payload reported; `delivered_by` is the authenticated principal.
ALTER TABLE read_models.ci_events
  ADD COLUMN reported_time_flags text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN read_models.ci_events.actor IS 'the actor the fact reported (its claim, not a credential)';
COMMENT ON COLUMN read_models.ci_events.delivered_by IS 'the authenticated principal that reported the fact';

-- Down Migration

ALTER TABLE read_models.ci_events DROP COLUMN reported_time_flags;
