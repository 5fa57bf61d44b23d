import { type Pool } from 'pg';

/**
 * The revision of each stream's last event, for many streams in one round trip: how CI recording
 * tells whether a change request it remembers was written since (ADR 0014). PostgreSQL only; with
 * EventStoreDB there is none and every batch loads its change requests.
 */
export interface StreamHeads {
  /**
   * Each stream that has events, with its last revision; a stream without any is left out, and
   * so is every stream when the answer cannot be compared with earlier ones (a new server).
   */
  revisions(streamIds: readonly string[]): Promise<Map<string, number>>;
}

export const STREAM_HEADS = Symbol('STREAM_HEADS');

/**
 * One index probe per stream on `ledger.events (stream_id, revision)`, one statement for all.
 *
 * A revision names the same events only while the database keeps what it committed. A server
 * that lost commits (an asynchronous replica promoted, a point-in-time restore) and was written
 * again could hold other events at the revision remembered, so the answer carries the server's
 * start time: when it differs from the last one seen — and on the first call of a process, when
 * none was seen yet — no head is answered, and every remembered change request is loaded again.
 */
export class PostgresStreamHeads implements StreamHeads {
  private serverStartedAt: string | undefined;

  constructor(private readonly pool: Pool) {}

  async revisions(streamIds: readonly string[]): Promise<Map<string, number>> {
    if (streamIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{
      started_at: string;
      stream_id: string | null;
      revision: string | null;
    }>(
      `SELECT pg_postmaster_start_time()::text AS started_at, s.stream_id, head.revision
         FROM (SELECT 1) AS one
         LEFT JOIN (unnest($1::text[]) AS s(stream_id)
                    CROSS JOIN LATERAL (SELECT e.revision FROM ledger.events e
                                         WHERE e.stream_id = s.stream_id
                                         ORDER BY e.revision DESC LIMIT 1) AS head) ON true`,
      [streamIds],
    );
    const startedAt = rows[0]!.started_at;
    const sameServer = startedAt === this.serverStartedAt;
    this.serverStartedAt = startedAt;
    if (!sameServer) return new Map();
    return new Map(
      rows.flatMap((row) =>
        row.stream_id === null ? [] : [[row.stream_id, Number(row.revision)] as const],
      ),
    );
  }
}
