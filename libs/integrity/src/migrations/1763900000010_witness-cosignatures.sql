-- Up Migration

-- Witnesses' cosignatures (c2sp.org/tlog-cosignature, ADR 0018) of the log's checkpoints: one row
-- per witness and checkpoint it cosigned, verified before it is stored. Append-only like the
-- other log tables. `checkpoint_body` is the exact text the witness signed (origin, size, root,
-- extension lines): a verifier checks the cosignature against it and its root against the tree
-- recomputed from the leaves, so a rewritten checkpoints table cannot borrow a witness's word.
CREATE TABLE ledger_log.cosignatures (
  tree_size       bigint      NOT NULL CHECK (tree_size >= 0),
  -- The witness's verifier key (<name>+<key id>+<base64 0x04 ‖ public key>).
  witness_key     text        NOT NULL,
  witness_name    text        NOT NULL,
  -- The witness's own clock when it cosigned (the timestamp inside the signature).
  cosigned_at     timestamptz NOT NULL,
  -- The signature line as the witness sent it, newline included.
  signature_line  text        NOT NULL,
  checkpoint_body text        NOT NULL,
  stored_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tree_size, witness_key)
);

CREATE TRIGGER cosignatures_refuse_update_delete BEFORE UPDATE OR DELETE ON ledger_log.cosignatures
  FOR EACH ROW EXECUTE FUNCTION ledger_log.refuse_mutation();
CREATE TRIGGER cosignatures_refuse_truncate BEFORE TRUNCATE ON ledger_log.cosignatures
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_log.refuse_mutation();

GRANT SELECT, INSERT ON ledger_log.cosignatures TO ledger_sequencer;
GRANT SELECT ON ledger_log.cosignatures TO ledger_reader;

-- Down Migration

DROP TABLE ledger_log.cosignatures;
