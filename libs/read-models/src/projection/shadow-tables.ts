import { type ClientBase } from 'pg';
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

  /** After the load: the deferred indexes, and fresh statistics for the planner. */
  async buildIndexes(client: ClientBase): Promise<void> {
    for (const index of this.deferred) await client.query(index.definition);
    for (const name of this.tables) await client.query(`ANALYZE ${this.table(name)}`);
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
