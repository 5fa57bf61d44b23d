import { type Pool } from 'pg';

/**
 * The revision of each stream's last event, for many streams in one round trip: how the ingestion
 * tells whether a change request it remembers was written since (ADR 0014). PostgreSQL only; with
 * EventStoreDB there is none and every batch loads its change requests.
 */
export interface StreamHeads {
  /** Each stream that has events, with its last revision; a stream without any is left out. */
  revisions(streamIds: readonly string[]): Promise<Map<string, number>>;
}

export const STREAM_HEADS = Symbol('STREAM_HEADS');

/** One index probe per stream on `ledger.events (stream_id, revision)`, one statement for all. */
export class PostgresStreamHeads implements StreamHeads {
  constructor(private readonly pool: Pool) {}

  async revisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    if (streamIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ stream_id: string; revision: string }>(
      `SELECT s.stream_id, head.revision
         FROM unnest($1::text[]) AS s(stream_id)
         CROSS JOIN LATERAL (SELECT e.revision FROM ledger.events e
                              WHERE e.stream_id = s.stream_id
                              ORDER BY e.revision DESC LIMIT 1) AS head`,
      [streamIds],
    );
    return new Map(rows.map((row) => [row.stream_id, Number(row.revision)]));
  }
}
