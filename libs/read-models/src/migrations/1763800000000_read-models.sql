-- Up Migration

-- Read models (ADR 0004): tables the projector owns and rebuilds, that the API reads.
--   ledger_projector: reads the events, owns read_models (it swaps rebuilt tables in);
--   ledger_reader:    reads the events and the read models, nothing else.

DO $$
DECLARE
  role_name text;
BEGIN
  -- ledger_reader also comes with the PostgreSQL event store; with EventStoreDB it starts here.
  FOREACH role_name IN ARRAY ARRAY['ledger_projector', 'ledger_reader'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created meanwhile by a concurrent migration of another database
      END;
    END IF;
  END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS read_models AUTHORIZATION ledger_projector;
GRANT USAGE ON SCHEMA read_models TO ledger_reader;
-- Tables the projector creates later (a rebuild's) are readable at once.
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_projector IN SCHEMA read_models GRANT SELECT ON TABLES TO ledger_reader;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'ledger') THEN
    GRANT USAGE ON SCHEMA ledger TO ledger_projector;
    GRANT SELECT ON ledger.events, ledger.deleted_streams TO ledger_projector;
  END IF;
END
$$;

-- Where each projection is in the global order; written in the same transaction as its rows.
CREATE TABLE read_models.checkpoints (
  projection     text PRIMARY KEY,
  commit         numeric(20) NOT NULL DEFAULT 0,
  prepare        numeric(20) NOT NULL DEFAULT 0,
  events_applied bigint NOT NULL DEFAULT 0,
  last_event_recorded_at timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per change request: its folded domain state and the columns the lists filter on.
CREATE TABLE read_models.change_requests (
  change_request_id   text PRIMARY KEY,
  status              text NOT NULL,
  title               text NOT NULL,
  description         text NOT NULL,
  category            text NOT NULL,
  priority            text NOT NULL,
  change_type         text NOT NULL,
  requester           text NOT NULL,
  affected_systems    text[] NOT NULL,
  emergency           boolean NOT NULL,
  created_at          timestamptz NOT NULL,
  approval_due_at     timestamptz,
  approved_at         timestamptz,
  implementation_started_at timestamptz,
  completed_at        timestamptz,
  state               jsonb NOT NULL,
  last_revision       bigint NOT NULL,
  search              tsvector GENERATED ALWAYS AS (
                        to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))
                      ) STORED
);
CREATE INDEX change_requests_created ON read_models.change_requests (created_at DESC, change_request_id DESC);
CREATE INDEX change_requests_status ON read_models.change_requests (status);
CREATE INDEX change_requests_implemented ON read_models.change_requests (implementation_started_at);
CREATE INDEX change_requests_systems ON read_models.change_requests USING gin (affected_systems);
CREATE INDEX change_requests_search ON read_models.change_requests USING gin (search);

-- The approvals queue: one row per required role not yet approved, with its due time.
CREATE TABLE read_models.pending_approvals (
  change_request_id text NOT NULL,
  role              text NOT NULL,
  title             text NOT NULL,
  priority          text NOT NULL,
  category          text NOT NULL,
  requester         text NOT NULL,
  requested_at      timestamptz NOT NULL,
  due_at            timestamptz,
  retroactive       boolean NOT NULL,
  PRIMARY KEY (change_request_id, role)
);
CREATE INDEX pending_approvals_role_due ON read_models.pending_approvals (role, due_at);

ALTER TABLE read_models.checkpoints OWNER TO ledger_projector;
ALTER TABLE read_models.change_requests OWNER TO ledger_projector;
ALTER TABLE read_models.pending_approvals OWNER TO ledger_projector;
GRANT SELECT ON ALL TABLES IN SCHEMA read_models TO ledger_reader;

-- Down Migration

DROP SCHEMA read_models CASCADE;
