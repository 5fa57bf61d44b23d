-- Up Migration

-- Notifications (issue 17): the outbox the planner fills from the event store subscription and
-- the dispatcher empties. One row per (event, channel, recipient): the planner's insert is
-- idempotent on it, so a replay (a crash before the checkpoint moved, a rebuild) never sends a
-- message twice. A delivery that keeps failing is parked with its last error, visible, and blocks
-- nothing else. Written by the projector's role (it runs the notifier); read by ledger_reader.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_projector') THEN
    BEGIN
      CREATE ROLE ledger_projector NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a concurrent migration of another database
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_reader') THEN
    BEGIN
      CREATE ROLE ledger_reader NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

CREATE SCHEMA notifications;
GRANT USAGE ON SCHEMA notifications TO ledger_projector, ledger_reader;

CREATE TABLE notifications.outbox (
  id              bigserial   PRIMARY KEY,
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  channel         text        NOT NULL CHECK (channel IN ('email', 'slack', 'webhook')),
  recipient       text        NOT NULL,
  kind            text        NOT NULL,
  change_request_id text,
  subject         text        NOT NULL,
  body            text        NOT NULL,
  link            text,
  -- pending: to send (at next_attempt_at); sent: the receiver acknowledged it; parked: gave up.
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'parked')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  UNIQUE (event_id, channel, recipient)
);
CREATE INDEX outbox_due ON notifications.outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_parked ON notifications.outbox (created_at) WHERE status = 'parked';

GRANT SELECT, INSERT, UPDATE ON notifications.outbox TO ledger_projector;
GRANT USAGE ON SEQUENCE notifications.outbox_id_seq TO ledger_projector;
GRANT SELECT ON notifications.outbox TO ledger_reader;

-- Down Migration

DROP SCHEMA notifications CASCADE;
