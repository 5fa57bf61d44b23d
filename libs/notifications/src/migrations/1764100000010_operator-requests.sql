-- Up Migration

-- Operators' requests to the notifier (issue 28): resend a parked delivery, replay a window of
-- events for a channel. Each is an event of the ledger's `ledger-notifications` stream; the
-- planner carries it out once, as the event id here says (a rebuild or a replay of the planner
-- reads the request again and must not put a delivery parked since back to pending).
CREATE TABLE notifications.requests_carried_out (
  event_id    uuid        PRIMARY KEY,
  type        text        NOT NULL,
  -- How many deliveries it put back to pending or planned.
  deliveries  integer     NOT NULL,
  carried_out_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON notifications.requests_carried_out TO ledger_projector;
GRANT SELECT ON notifications.requests_carried_out TO ledger_reader;

-- Who asked for a delivery to be sent again, and when (the ledger's event says it too).
ALTER TABLE notifications.outbox
  ADD COLUMN resent_by text,
  ADD COLUMN resent_at timestamptz,
  -- The replay that planned it, when it was planned late for a channel enabled later.
  ADD COLUMN replay_id text;

-- Down Migration

ALTER TABLE notifications.outbox DROP COLUMN resent_by, DROP COLUMN resent_at, DROP COLUMN replay_id;
DROP TABLE notifications.requests_carried_out;
