import { type ChangeRequest } from '@change-ledger/domain';
import { type Pool } from 'pg';
import { queryPages } from '../query-pages';
import {
  type UnauthorizedChange,
  unauthorizedChange,
  unauthorizedChangesIn,
  UNAUTHORIZED_CHANGES_IN_PERIOD,
} from '../unauthorized-changes/unauthorized-change-rows';

/**
 * Change requests whose current state was deployed, completed or rolled back in [$1, $2): every
 * change that can be in the audit population of the period, now or as of any earlier instant
 * (those times, once recorded, never change).
 */
const CHANGE_REQUEST_CANDIDATES = `SELECT state FROM read_models.change_requests
        WHERE (implementation_started_at >= $1 AND implementation_started_at < $2)
           OR (completed_at >= $1 AND completed_at < $2)
           OR (rolled_back_at >= $1 AND rolled_back_at < $2)`;

/**
 * What libs/audit's population of a period is drawn from: the candidate change requests and the
 * unauthorized deployments, each whole or a page at a time.
 */
export class PopulationCandidatesQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  async changeRequests(from: Date, to: Date): Promise<ChangeRequest[]> {
    const { rows } = await this.pool.query<{ state: ChangeRequest }>(
      `${CHANGE_REQUEST_CANDIDATES}
        ORDER BY change_request_id`,
      [from, to],
    );
    return rows.map((row) => row.state);
  }

  /**
   * `changeRequests`, `pageSize` at a time in one snapshot, ordered by id in byte order (the
   * ids are ASCII: the code-unit order the population is sorted in): what an export reads, so
   * its memory is one page however large the period.
   */
  changeRequestPages(from: Date, to: Date, pageSize: number): AsyncGenerator<ChangeRequest[]> {
    return queryPages(
      this.pool,
      `${CHANGE_REQUEST_CANDIDATES}
        ORDER BY change_request_id COLLATE "C"`,
      [from, to],
      pageSize,
      (row: { state: ChangeRequest }) => row.state,
    );
  }

  /** The unauthorized changes that happened in [from, to), newest first. */
  unauthorizedChanges(from: Date, to: Date): Promise<UnauthorizedChange[]> {
    return unauthorizedChangesIn(this.pool, from, to);
  }

  /**
   * The unauthorized changes of [from, to), `pageSize` at a time in one snapshot, ordered by the
   * audit population's member id (`ci:<source>#<event id>`) in byte order, which for UTF-8 is
   * code-point order: what an export reads, so its memory is one page however many there are.
   */
  unauthorizedChangePages(
    from: Date,
    to: Date,
    pageSize: number,
  ): AsyncGenerator<UnauthorizedChange[]> {
    return queryPages(
      this.pool,
      `${UNAUTHORIZED_CHANGES_IN_PERIOD}
        ORDER BY ('ci:' || source || '#' || event_id) COLLATE "C"`,
      [from, to],
      pageSize,
      unauthorizedChange,
    );
  }
}
