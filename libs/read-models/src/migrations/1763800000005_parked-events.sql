-- Up Migration

-- Events a projection could not apply (a NOT NULL column an old event leaves empty, a bug): set
-- aside here with the error, so that one event never stops a projection for everyone. Events are
-- immutable, so the way out is a fixed projection and `ledger projections retry`, or a reviewed
-- `ledger projections skip`; both are recorded on the row.
CREATE TABLE read_models.parked_events (
  projection   text        NOT NULL,
  event_id     uuid        NOT NULL,
  stream_id    text        NOT NULL,
  event_type   text        NOT NULL,
  commit       numeric(20) NOT NULL,
  prepare      numeric(20) NOT NULL,
  error        text        NOT NULL,
  parked_at    timestamptz NOT NULL DEFAULT now(),
  attempts     integer     NOT NULL DEFAULT 1,
  -- parked: waiting; applied: a retry succeeded; skipped: someone decided to leave it out.
  status       text        NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'applied', 'skipped')),
  resolved_at  timestamptz,
  resolved_by  text,
  resolution   text,
  PRIMARY KEY (projection, event_id)
);
CREATE INDEX parked_events_waiting ON read_models.parked_events (projection) WHERE status = 'parked';

ALTER TABLE read_models.parked_events OWNER TO ledger_projector;
GRANT SELECT ON read_models.parked_events TO ledger_reader;

-- Down Migration

DROP TABLE read_models.parked_events;
