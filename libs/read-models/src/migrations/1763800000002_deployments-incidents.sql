-- Up Migration

-- Deployments and incidents as they arrive (ADR 0004). Today the change-request events give
-- them (implementation, completion, rollback, incident); CI ingestion will add its own.
CREATE TABLE read_models.deployments (
  change_request_id text NOT NULL,
  deployed_at       timestamptz NOT NULL,
  environment       text NOT NULL,
  title             text NOT NULL,
  deployed_by       text NOT NULL,
  outcome           text NOT NULL,
  finished_at       timestamptz,
  emergency         boolean NOT NULL,
  approved_before_deployment boolean NOT NULL,
  PRIMARY KEY (change_request_id, deployed_at)
);
CREATE INDEX deployments_deployed_at ON read_models.deployments (deployed_at);

CREATE TABLE read_models.incidents (
  incident_id       text PRIMARY KEY,
  change_request_id text NOT NULL,
  severity          text NOT NULL,
  review_due_at     timestamptz NOT NULL,
  reviewed_at       timestamptz
);
CREATE INDEX incidents_open ON read_models.incidents (review_due_at) WHERE reviewed_at IS NULL;

-- The approvals queue says itself which approvals were escalated (no join to the state).
ALTER TABLE read_models.pending_approvals ADD COLUMN escalated boolean NOT NULL DEFAULT false;

ALTER TABLE read_models.deployments OWNER TO ledger_projector;
ALTER TABLE read_models.incidents OWNER TO ledger_projector;
GRANT SELECT ON read_models.deployments, read_models.incidents TO ledger_reader;

-- Down Migration

DROP TABLE read_models.deployments, read_models.incidents;
ALTER TABLE read_models.pending_approvals DROP COLUMN escalated;
