import { type ClientBase } from 'pg';

/** A row as a projection writes it: column name → value (JSON-serialisable). */
export type Row = Record<string, unknown>;

/** On a key already present: update these columns, or (none given) keep the stored row. */
export interface OnConflict {
  key: readonly string[];
  update?: readonly string[];
}

/**
 * One INSERT of many rows, typed by the target table's own row type (`json_populate_recordset`),
 * so arrays, jsonb and timestamps arrive as the columns declare them, in one round trip however
 * many rows. Every row has the first row's columns. With `onConflict`, an upsert; rows of one
 * statement must not share a key when it updates (PostgreSQL refuses to update a row twice).
 */
export async function insertRows(
  tx: ClientBase,
  target: string,
  rows: readonly Row[],
  onConflict?: OnConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).join(', ');
  const update = onConflict?.update ?? [];
  const conflict = !onConflict
    ? ''
    : update.length === 0
      ? `ON CONFLICT (${onConflict.key.join(', ')}) DO NOTHING`
      : `ON CONFLICT (${onConflict.key.join(', ')}) DO UPDATE SET ${update
          .map((column) => `${column} = EXCLUDED.${column}`)
          .join(', ')}`;
  await tx.query(
    `INSERT INTO ${target} (${columns})
     SELECT ${columns} FROM json_populate_recordset(NULL::${target}, $1::json) ${conflict}`,
    [JSON.stringify(rows)],
  );
}
