-- Up Migration

-- The transparency log (ADR 0006), in the read-model database. Append-only, enforced by the
-- database as ledger.events is:
--   * ledger_sequencer, the role of the sequencer and the checkpointer, may only INSERT and SELECT;
--   * triggers refuse UPDATE, DELETE and TRUNCATE to everyone, the table owner included.
-- Nothing is ever removed from here, not even by retention: a pruned event keeps its leaf.

DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['ledger_sequencer', 'ledger_reader'] LOOP
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

CREATE SCHEMA ledger_log;
GRANT USAGE ON SCHEMA ledger_log TO ledger_sequencer, ledger_reader;

-- The sequencer reads the events through the store port; with the PostgreSQL store that is here.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'ledger') THEN
    GRANT USAGE ON SCHEMA ledger TO ledger_sequencer;
    GRANT SELECT ON ledger.events, ledger.deleted_streams TO ledger_sequencer;
  END IF;
END
$$;

-- One row per event, in the order the subscription delivered them: leaf i is the i-th event.
-- The position of the last leaf is the sequencer's checkpoint, written in the same transaction.
CREATE TABLE ledger_log.leaves (
  leaf_index   bigint      PRIMARY KEY CHECK (leaf_index >= 0),
  event_id     uuid        NOT NULL UNIQUE,
  stream_id    text        NOT NULL,
  revision     bigint      NOT NULL,
  -- The leaf data: the event's 32-byte chain hash.
  event_hash   bytea       NOT NULL CHECK (octet_length(event_hash) = 32),
  commit       numeric(20) NOT NULL,
  prepare      numeric(20) NOT NULL,
  sequenced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leaves_stream ON ledger_log.leaves (stream_id, revision);

-- The hash of every complete subtree: level 0 the leaf hashes, node (l, i) covering leaves
-- [i·2^l, (i+1)·2^l). Any root or proof is the fold of O(log n) of them.
CREATE TABLE ledger_log.tree_nodes (
  level      smallint NOT NULL CHECK (level >= 0 AND level < 64),
  node_index bigint   NOT NULL CHECK (node_index >= 0),
  hash       bytea    NOT NULL CHECK (octet_length(hash) = 32),
  PRIMARY KEY (level, node_index)
);

-- Every signed tree head, as published.
CREATE TABLE ledger_log.checkpoints (
  tree_size    bigint      PRIMARY KEY CHECK (tree_size >= 0),
  root_hash    bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
  origin       text        NOT NULL,
  note         text        NOT NULL,
  verifier_key text        NOT NULL,
  signed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION ledger_log.refuse_mutation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_log.% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Leaves, tree nodes and checkpoints are never changed or removed.';
END
$$;

DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY['leaves', 'tree_nodes', 'checkpoints'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON ledger_log.%I
                      FOR EACH ROW EXECUTE FUNCTION ledger_log.refuse_mutation()',
                   table_name || '_refuse_update_delete', table_name);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON ledger_log.%I
                      FOR EACH STATEMENT EXECUTE FUNCTION ledger_log.refuse_mutation()',
                   table_name || '_refuse_truncate', table_name);
  END LOOP;
END
$$;

GRANT SELECT, INSERT ON ledger_log.leaves, ledger_log.tree_nodes, ledger_log.checkpoints
  TO ledger_sequencer;
GRANT SELECT ON ledger_log.leaves, ledger_log.tree_nodes, ledger_log.checkpoints TO ledger_reader;

-- Down Migration

DROP SCHEMA ledger_log CASCADE;
