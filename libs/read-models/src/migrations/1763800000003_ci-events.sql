-- Up Migration

-- What CI reported (issue 5): one row per (source, id), with who delivered it and through what.
CREATE TABLE read_models.ci_events (
  source            text NOT NULL,
  event_id          text NOT NULL,
  kind              text NOT NULL,
  format            text NOT NULL,
  source_type       text NOT NULL,
  occurred_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL,
  actor             text,
  environment       text,
  service           text,
  outcome           text,
  change_request_id text,
  linked_by         text,
  delivered_by      text NOT NULL,
  transport         jsonb NOT NULL,
  conflicts         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (source, event_id)
);
CREATE INDEX ci_events_received_at ON read_models.ci_events (received_at);
CREATE INDEX ci_events_change_request ON read_models.ci_events (change_request_id);

-- Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED).
CREATE TABLE read_models.unauthorized_changes (
  source            text NOT NULL,
  event_id          text NOT NULL,
  kind              text NOT NULL,
  occurred_at       timestamptz NOT NULL,
  environment       text NOT NULL,
  service           text,
  actor             text,
  change_request_id text,
  reason            text NOT NULL,
  PRIMARY KEY (source, event_id)
);
CREATE INDEX unauthorized_changes_occurred_at ON read_models.unauthorized_changes (occurred_at);

ALTER TABLE read_models.ci_events OWNER TO ledger_projector;
ALTER TABLE read_models.unauthorized_changes OWNER TO ledger_projector;
GRANT SELECT ON read_models.ci_events, read_models.unauthorized_changes TO ledger_reader;

-- Down Migration

DROP TABLE read_models.ci_events, read_models.unauthorized_changes;
