import { type Pool } from 'pg';
import { iso } from '../query-rows';

export interface Deployment {
  change_request_id: string;
  deployed_at: string;
  environment: string;
  title: string;
  deployed_by: string;
  outcome: 'in_progress' | 'successful' | 'failed' | 'rolled_back';
  finished_at: string | null;
  emergency: boolean;
  approved_before_deployment: boolean;
  /**
   * Approved before (or on the emergency path) and no production deployment of it recorded
   * unauthorized (ADR 0022); null on a row projected before that (rebuild change-requests).
   */
  authorized: boolean | null;
  unauthorized_reason: string | null;
}

/** Production deployments as they arrive: read_models.deployments. */
export class DeploymentsQuery {
  /** `pool` connects as ledger_reader. */
  constructor(private readonly pool: Pool) {}

  /** Production deployments in [from, to), newest first. */
  async between(from: Date, to: Date): Promise<Deployment[]> {
    const { rows } = await this.pool.query(
      `SELECT change_request_id, deployed_at, environment, title, deployed_by, outcome, finished_at, emergency,
              approved_before_deployment, authorized, unauthorized_reason
         FROM read_models.deployments WHERE deployed_at >= $1 AND deployed_at < $2
        ORDER BY deployed_at DESC, change_request_id`,
      [from, to],
    );
    return rows.map((row) => ({
      ...row,
      deployed_at: iso(row.deployed_at)!,
      finished_at: iso(row.finished_at),
    }));
  }
}
