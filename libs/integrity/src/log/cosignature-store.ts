import { type Pool } from 'pg';

/** A witness's cosignature of one of the log's checkpoints, as stored (verified before). */
export interface StoredCosignature {
  size: number;
  /** The witness's verifier key (type 0x04). */
  witnessKey: string;
  witnessName: string;
  /** The witness's clock when it cosigned. */
  cosignedAt: Date;
  /** `— <name> <base64>\n`, as the witness sent it. */
  signatureLine: string;
  /** The checkpoint text the witness signed (no signature lines). */
  checkpointBody: string;
}

/**
 * ledger_log.cosignatures: what the witnesses said of the log's checkpoints. The only writer of
 * the table is `insert` here (one place to move behind a SECURITY DEFINER function later).
 */
export class CosignatureStore {
  constructor(private readonly pool: Pool) {}

  /** Stores a verified cosignature; a repeat of a witness's word on a size is kept once. */
  async insert(cosignature: StoredCosignature): Promise<void> {
    await this.pool.query(
      // Through the function that ties it to a stored checkpoint (migration 1763900000011).
      'SELECT ledger_log.add_cosignature($1, $2, $3, $4, $5, $6)',
      [
        cosignature.size,
        cosignature.witnessKey,
        cosignature.witnessName,
        cosignature.cosignedAt,
        cosignature.signatureLine,
        cosignature.checkpointBody,
      ],
    );
  }

  /** Every cosignature, by size then witness; of one size only with `size`. */
  async list(size?: number): Promise<StoredCosignature[]> {
    const { rows } = await this.pool.query<CosignatureRecord>(
      `SELECT tree_size, witness_key, witness_name, cosigned_at, signature_line, checkpoint_body
         FROM ledger_log.cosignatures
        WHERE $1::bigint IS NULL OR tree_size = $1
        ORDER BY tree_size, witness_key`,
      [size ?? null],
    );
    return rows.map((row) => ({
      size: Number(row.tree_size),
      witnessKey: row.witness_key,
      witnessName: row.witness_name,
      cosignedAt: row.cosigned_at,
      signatureLine: row.signature_line,
      checkpointBody: row.checkpoint_body,
    }));
  }

  /** The largest size this witness cosigned: where the next add-checkpoint proves from. */
  async lastCosignedSize(witnessKey: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ size: string | null }>(
      'SELECT max(tree_size) AS size FROM ledger_log.cosignatures WHERE witness_key = $1',
      [witnessKey],
    );
    const size = rows[0]?.size;
    return size === null || size === undefined ? undefined : Number(size);
  }
}

interface CosignatureRecord {
  tree_size: string;
  witness_key: string;
  witness_name: string;
  cosigned_at: Date;
  signature_line: string;
  checkpoint_body: string;
}
