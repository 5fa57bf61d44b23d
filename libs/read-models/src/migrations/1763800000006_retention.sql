-- Up Migration

-- Read models follow retention (issue 12). Rows of pruned streams are removed when the projector
-- meets the run's RetentionBatchPruned event; CI rows now say which stream they came from (older
-- rows: the stream name the ingestion derives from (source, id)). Reports of months a run touched
-- are kept as they were reported, frozen in the run's own event and projected here.

ALTER TABLE read_models.ci_events ADD COLUMN stream_id text;
UPDATE read_models.ci_events
   SET stream_id = 'ci-event-' || left(encode(sha256(
         convert_to(source, 'UTF8') || '\x00'::bytea || convert_to(event_id, 'UTF8')), 'hex'), 40);
CREATE INDEX ci_events_stream ON read_models.ci_events (stream_id);

ALTER TABLE read_models.unauthorized_changes ADD COLUMN stream_id text;
UPDATE read_models.unauthorized_changes
   SET stream_id = 'ci-event-' || left(encode(sha256(
         convert_to(source, 'UTF8') || '\x00'::bytea || convert_to(event_id, 'UTF8')), 'hex'), 40);
CREATE INDEX unauthorized_changes_stream ON read_models.unauthorized_changes (stream_id);

CREATE TABLE read_models.frozen_monthly_reports (
  period     text PRIMARY KEY,
  report     jsonb NOT NULL,
  run_id     text NOT NULL,
  frozen_at  timestamptz NOT NULL
);
ALTER TABLE read_models.frozen_monthly_reports OWNER TO ledger_projector;
GRANT SELECT ON read_models.frozen_monthly_reports TO ledger_reader;

-- Down Migration

DROP TABLE read_models.frozen_monthly_reports;
ALTER TABLE read_models.unauthorized_changes DROP COLUMN stream_id;
ALTER TABLE read_models.ci_events DROP COLUMN stream_id;
