import { comparePositions, type GlobalPosition } from '@change-ledger/event-store';
import { type Pool } from 'pg';

/** Read your own write: whether the read models show the event a write answered with. */
export class ReadPositionQuery {
  /** `pool` connects as ledger_reader, on the side the read routes query. */
  constructor(private readonly pool: Pool) {}

  /** Where a projection has got to: a client that must read its own write waits for its position. */
  async hasReached(projection: string, position: GlobalPosition): Promise<boolean> {
    const { rows } = await this.pool.query<{ commit: string; prepare: string }>(
      'SELECT commit, prepare FROM read_models.checkpoints WHERE projection = $1',
      [projection],
    );
    const row = rows[0];
    return (
      row !== undefined &&
      comparePositions({ commit: BigInt(row.commit), prepare: BigInt(row.prepare) }, position) >= 0
    );
  }
}
