-- Up Migration

-- The gate of record (ADR 0022). A production deployment the deploy gate denied is an unauthorized
-- change: the gates it failed, by name, beside the reason (empty for one no change covers).
ALTER TABLE read_models.unauthorized_changes
  ADD COLUMN failed_gates text[] NOT NULL DEFAULT '{}';

-- Whether the change's production deployment was authorized (approved before, or on the emergency
-- path, and no deployment of it recorded unauthorized) and, if not, why. NULL on rows projected
-- before this migration: `ledger rebuild change-requests` fills them.
ALTER TABLE read_models.deployments
  ADD COLUMN authorized boolean,
  ADD COLUMN unauthorized_reason text;

-- Down Migration

ALTER TABLE read_models.deployments DROP COLUMN authorized, DROP COLUMN unauthorized_reason;
ALTER TABLE read_models.unauthorized_changes DROP COLUMN failed_gates;
