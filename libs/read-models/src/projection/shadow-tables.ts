import { type ClientBase, type Pool } from 'pg';
import { liveTable } from './projection';

interface IndexRow {
  name: string;
  definition: string;
}

/**
 * The tables a rebuild fills beside the live ones (`<table>__rebuild`), then swaps in. They are
 * created like the live tables but with only their unique indexes (what the projections' upserts
 * resolve conflicts on): every other index is built once, after the load, which costs a fraction
 * of keeping a dozen btree, GIN and GiST indexes up to date row by row. The swap gives the indexes
 * back their live names, so a later migration that names an index finds it.
 */
export class ShadowTables {
  private deferred: IndexRow[] = [];

  constructor(private readonly tables: readonly string[]) {}

  readonly table = (name: string): string => `read_models.${name}__rebuild`;

  async create(client: ClientBase): Promise<void> {
    this.deferred = [];
    for (const name of this.tables) {
      await client.query(`DROP TABLE IF EXISTS ${this.table(name)}`);
      await client.query(
        `CREATE TABLE ${this.table(name)} (LIKE ${liveTable(name)} INCLUDING ALL)`,
      );
      const { rows } = await client.query<IndexRow>(
        `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
          WHERE x.indrelid = $1::regclass AND NOT x.indisunique
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
        [this.table(name)],
      );
      for (const index of rows) await client.query(`DROP INDEX read_models."${index.name}"`);
      this.deferred.push(...rows);
    }
  }

  /**
   * After the load: the deferred indexes, then fresh statistics for the planner (after, so that
   * expression indexes get theirs). Two sessions share the work: CREATE INDEX takes a SHARE lock,
   * which does not exclude another CREATE INDEX on the same table, and ANALYZE's lock does not
   * exclude it either, so the statements run side by side on two cores instead of one after
   * another (at 1M events they are a tenth of the rebuild).
   */
  async buildIndexes(client: ClientBase, pool: Pool): Promise<void> {
    await inTwoSessions(
      client,
      pool,
      this.deferred.map((index) => index.definition),
    );
    await inTwoSessions(
      client,
      pool,
      this.tables.map((name) => `ANALYZE ${this.table(name)}`),
    );
  }

  /** Replaces the live tables with the shadows (inside the caller's transaction). */
  async swap(tx: ClientBase): Promise<void> {
    for (const name of this.tables) {
      const live = await indexesOf(tx, liveTable(name));
      const shadow = await indexesOf(tx, this.table(name));
      await tx.query(`DROP TABLE ${liveTable(name)}`);
      await tx.query(`ALTER TABLE ${this.table(name)} RENAME TO ${name}`);
      for (const index of shadow) {
        const match = live.findIndex((candidate) => candidate.shape === index.shape);
        if (match < 0) continue;
        const [{ name: liveName }] = live.splice(match, 1) as [IndexShape];
        if (liveName !== index.name)
          await tx.query(`ALTER INDEX read_models."${index.name}" RENAME TO "${liveName}"`);
      }
    }
  }
}

/** Runs the statements, in any order, on `client` and on one more connection from `pool`. */
async function inTwoSessions(
  client: ClientBase,
  pool: Pool,
  statements: readonly string[],
): Promise<void> {
  const queue = [...statements];
  const drain = async (session: ClientBase) => {
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift())
        await session.query(next);
    } catch (error) {
      queue.length = 0; // the rebuild fails: the other session stops after its statement
      throw error;
    }
  };
  if (queue.length < 2) return drain(client);
  const other = await pool.connect();
  let broken = false;
  try {
    const results = await Promise.allSettled([drain(client), drain(other)]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    other.release(broken || undefined);
  }
}

interface IndexShape {
  name: string;
  /** The definition without its own name and table's name: equal for an index and its copy. */
  shape: string;
}

async function indexesOf(client: ClientBase, table: string): Promise<IndexShape[]> {
  const { rows } = await client.query<IndexRow & { is_unique: boolean }>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition, x.indisunique AS is_unique
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass
      ORDER BY i.relname`,
    [table],
  );
  return rows.map((row) => ({
    name: row.name,
    shape: `${row.is_unique ? 'unique' : ''}${row.definition.slice(row.definition.indexOf(' USING '))}`,
  }));
}
