-- Up Migration

-- The standard-change catalogue (issue 25, ADR 0021), kept by the standard-change-catalogue
-- projection.
--
-- standard_change_templates: each template as its stream folds (the domain's own evolve), with
-- the columns the catalogue list shows and filters on.
CREATE TABLE read_models.standard_change_templates (
  template_id   text PRIMARY KEY,
  status        text NOT NULL,
  title         text NOT NULL,
  version       integer,
  state         jsonb NOT NULL,
  last_revision bigint NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- standard_change_instances: each change pre-approved by a template, and how it ended — what a
-- template's uses, success rate and rollbacks are counted from, and what suspends it.
CREATE TABLE read_models.standard_change_instances (
  change_request_id text PRIMARY KEY,
  template_id       text NOT NULL,
  template_version  integer,
  pre_approved_at   timestamptz NOT NULL,
  outcome           text,
  rolled_back_at    timestamptz,
  incident_id       text,
  incident_at       timestamptz
);
CREATE INDEX standard_change_instances_template ON read_models.standard_change_instances (template_id);

ALTER TABLE read_models.standard_change_templates OWNER TO ledger_projector;
ALTER TABLE read_models.standard_change_instances OWNER TO ledger_projector;
GRANT SELECT ON read_models.standard_change_templates, read_models.standard_change_instances TO ledger_reader;
GRANT SELECT ON read_models.standard_change_templates, read_models.standard_change_instances TO ledger_dashboard;

-- Down Migration

DROP TABLE read_models.standard_change_instances, read_models.standard_change_templates;
