import { type Pool } from 'pg';
import Cursor from 'pg-cursor';

/**
 * The rows of one query, `pageSize` at a time, through a server-side cursor (pg-cursor, node-postgres'
 * own): one statement, so one snapshot, however long the caller takes between pages, and memory
 * bounded by the page instead of the result. The connection is held until the last page has been
 * read or the caller stops iterating (`break`, a throw): either way the cursor is closed and the
 * connection returned (destroyed if the query failed).
 */
export async function* queryPages<Row extends object, T>(
  pool: Pool,
  sql: string,
  params: unknown[],
  pageSize: number,
  map: (row: Row) => T,
): AsyncGenerator<T[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const client = await pool.connect();
  let failure: Error | undefined;
  const cursor = client.query(new Cursor<Row>(sql, params));
  try {
    for (;;) {
      const rows = await cursor.read(pageSize);
      if (rows.length === 0) break;
      yield rows.map(map);
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    if (!failure) await cursor.close().catch((error: Error) => (failure = error));
    client.release(failure);
  }
}
