#!/bin/sh
# Runs once, when the compose stack's PostgreSQL initialises its data directory: the login
# Grafana's datasource uses. It holds ledger_dashboard, whose privileges (SELECT on the read
# models, nothing else) the read-model migration grants when the API first starts.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v login="${LEDGER_DASHBOARD_DB_USER:-grafana}" -v password="${LEDGER_DASHBOARD_DB_PASSWORD:-grafana}" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_dashboard') THEN
    CREATE ROLE ledger_dashboard NOLOGIN;
  END IF;
END $$;
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE ledger_dashboard', :'login', :'password') \gexec
SQL
