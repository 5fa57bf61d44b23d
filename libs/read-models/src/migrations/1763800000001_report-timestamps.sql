-- Up Migration

-- What the reports select a period's changes by (ADR 0004; formulas in reports/report-definitions.ts).
ALTER TABLE read_models.change_requests
  ADD COLUMN submitted_at timestamptz,
  ADD COLUMN rolled_back_at timestamptz;
CREATE INDEX change_requests_created_at ON read_models.change_requests (created_at);
CREATE INDEX change_requests_approved ON read_models.change_requests (approved_at);
CREATE INDEX change_requests_completed ON read_models.change_requests (completed_at);
CREATE INDEX change_requests_rolled_back ON read_models.change_requests (rolled_back_at);

-- Down Migration

ALTER TABLE read_models.change_requests DROP COLUMN submitted_at, DROP COLUMN rolled_back_at;
