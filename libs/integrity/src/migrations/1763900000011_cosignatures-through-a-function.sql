-- Up Migration

-- The witnesses' cosignatures join the other log tables (migration 1763900000001): owned by
-- ledger_owner, written only through a function, which takes a cosignature only for a checkpoint
-- the log holds, over that checkpoint's exact text. Whether the signature itself verifies is for
-- the checkpointer before it stores it and for `ledger verify` after: PostgreSQL has no Ed25519.

CREATE FUNCTION ledger_log.add_cosignature(
  p_tree_size       bigint,
  p_witness_key     text,
  p_witness_name    text,
  p_cosigned_at     timestamptz,
  p_signature_line  text,
  p_checkpoint_body text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_caller name := ledger_log.calling_role();
BEGIN
  IF NOT pg_has_role(v_caller, 'ledger_sequencer', 'MEMBER') THEN
    RAISE EXCEPTION 'role % may not add cosignatures', v_caller USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM ledger_log.checkpoints c
                  WHERE c.tree_size = p_tree_size
                    AND split_part(c.note, E'\n\n', 1) || E'\n' = p_checkpoint_body) THEN
    RAISE EXCEPTION 'no checkpoint of % leaves with that text: a cosignature is of a checkpoint the log signed', p_tree_size
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO ledger_log.cosignatures
         (tree_size, witness_key, witness_name, cosigned_at, signature_line, checkpoint_body)
  VALUES (p_tree_size, p_witness_key, p_witness_name, p_cosigned_at, p_signature_line, p_checkpoint_body)
  ON CONFLICT (tree_size, witness_key) DO NOTHING;
END
$$;

ALTER TABLE ledger_log.cosignatures OWNER TO ledger_owner;
ALTER FUNCTION ledger_log.add_cosignature(bigint, text, text, timestamptz, text, text) OWNER TO ledger_owner;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ledger_log.cosignatures FROM ledger_sequencer, ledger_reader, PUBLIC;
REVOKE ALL ON FUNCTION ledger_log.add_cosignature(bigint, text, text, timestamptz, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_log.add_cosignature(bigint, text, text, timestamptz, text, text) TO ledger_sequencer;

-- Down Migration

DO $$ BEGIN RAISE EXCEPTION 'migration 1763900000011 is not reversible'; END $$;
