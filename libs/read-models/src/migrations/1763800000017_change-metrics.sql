-- Up Migration

-- Dashboards from pre-aggregates (issue 15), kept by the change-metrics projection.
--
-- change_metric_facts: each change request as that projection folds it (its own copy, so it is
-- rebuilt and checkpointed alone) and what it adds to change_metrics, to take back when it moves.
CREATE TABLE read_models.change_metric_facts (
  change_request_id text PRIMARY KEY,
  state             jsonb NOT NULL,
  last_revision     bigint NOT NULL,
  contributions     jsonb NOT NULL
);

-- change_metrics: per UTC month and measure (see metric-contributions.ts), by category, priority
-- and change type, a count and a sum of durations in milliseconds. A measure kept as a
-- distribution (a median's) has one row per duration (value_ms) with its count, its bucket the
-- duration's range, beside a measure of counts per range; others have value_ms 0.
-- The primary key leads with the month, so a report reads one month's rows off the index.
CREATE TABLE read_models.change_metrics (
  month        date NOT NULL,
  measure      text NOT NULL,
  bucket       text NOT NULL,
  category     text NOT NULL,
  priority     text NOT NULL,
  change_type  text NOT NULL,
  value_ms     bigint NOT NULL,
  n            bigint NOT NULL,
  sum_ms       bigint NOT NULL,
  PRIMARY KEY (month, measure, bucket, category, priority, change_type, value_ms)
);

-- A median reads the rows of one range of durations (bucket) over the period's months.
CREATE INDEX change_metrics_distribution ON read_models.change_metrics (measure, bucket, month);

ALTER TABLE read_models.change_metric_facts OWNER TO ledger_projector;
ALTER TABLE read_models.change_metrics OWNER TO ledger_projector;
GRANT SELECT ON read_models.change_metric_facts, read_models.change_metrics TO ledger_reader;
GRANT SELECT ON read_models.change_metric_facts, read_models.change_metrics TO ledger_dashboard;

-- Down Migration

DROP TABLE read_models.change_metrics, read_models.change_metric_facts;
