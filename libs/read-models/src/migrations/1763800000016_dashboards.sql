-- Up Migration

-- Dashboards (issue 16). ledger_dashboard: what Grafana's datasource logs in as (through a login
-- role granted this one, see deploy/grafana/): SELECT on the read models and nothing else — not
-- the events, not the log, no write. A role of its own rather than ledger_reader, which also
-- reads every event's content.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_dashboard') THEN
    BEGIN
      CREATE ROLE ledger_dashboard NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a concurrent migration of another database
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA read_models TO ledger_dashboard;
GRANT SELECT ON ALL TABLES IN SCHEMA read_models TO ledger_dashboard;
-- A rebuild's fresh tables (created by ledger_projector) are readable at once.
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_projector IN SCHEMA read_models
  GRANT SELECT ON TABLES TO ledger_dashboard;

-- The approvals queue, paged by keyset in its own order (due time, undated last; change; role),
-- for all roles and for one.
CREATE INDEX pending_approvals_queue ON read_models.pending_approvals
  ((coalesce(due_at, 'infinity'::timestamptz)), change_request_id, role);
CREATE INDEX pending_approvals_role_queue ON read_models.pending_approvals
  (role, (coalesce(due_at, 'infinity'::timestamptz)), change_request_id);

-- Dashboards filter the period's changes by category and priority beside the time columns.
CREATE INDEX change_requests_category_priority ON read_models.change_requests (category, priority);

-- Down Migration

DROP INDEX read_models.pending_approvals_queue, read_models.pending_approvals_role_queue,
  read_models.change_requests_category_priority;
ALTER DEFAULT PRIVILEGES FOR ROLE ledger_projector IN SCHEMA read_models
  REVOKE SELECT ON TABLES FROM ledger_dashboard;
REVOKE SELECT ON ALL TABLES IN SCHEMA read_models FROM ledger_dashboard;
REVOKE USAGE ON SCHEMA read_models FROM ledger_dashboard;
