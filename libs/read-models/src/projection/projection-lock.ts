import { type ClientBase } from 'pg';

/** First key of a projection's advisory lock: one writer per projection, however many replicas. */
const PROJECTION_LOCK_CLASS = 1820;

/**
 * A projection's session advisory lock (class 1820, second key the hash of its name). Whoever
 * holds it writes the projection's tables and checkpoint, on the very connection that holds it:
 * should that connection drop, PostgreSQL releases the lock and nothing more can commit through
 * it, so a replica that takes over never races a writer that lost its lock without knowing.
 */
export class ProjectionLock {
  constructor(private readonly projection: string) {}

  /** Takes it if free (a live runner; standbys come back later); true when held. */
  async tryTake(client: ClientBase): Promise<boolean> {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [PROJECTION_LOCK_CLASS, this.projection],
    );
    return rows[0]!.locked;
  }

  /**
   * Waits for it (a rebuild). A live runner that holds it sees the waiter (`isWanted`) and lets
   * go between batches; PostgreSQL then grants it to the waiter before any standby's try.
   */
  async take(client: ClientBase): Promise<void> {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [
      PROJECTION_LOCK_CLASS,
      this.projection,
    ]);
  }

  async release(client: ClientBase): Promise<void> {
    await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [
      PROJECTION_LOCK_CLASS,
      this.projection,
    ]);
  }

  /**
   * Whether another session waits for it: only a rebuild waits (live runners only try), so the
   * holder hands it over. Asked on the holding connection, which also proves that it is alive.
   */
  async isWanted(client: ClientBase): Promise<boolean> {
    const { rows } = await client.query<{ wanted: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND classid = $1::int4::oid AND objid = hashtext($2)::oid
       ) AS wanted`,
      [PROJECTION_LOCK_CLASS, this.projection],
    );
    return rows[0]!.wanted;
  }
}
