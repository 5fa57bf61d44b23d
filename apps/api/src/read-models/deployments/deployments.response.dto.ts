import { AnswerPeriod } from '../period-answer.dto';

/** A change request's production deployment. */
export class Deployment {
  change_request_id!: string;
  deployed_at!: string;
  environment!: string;
  title!: string;
  deployed_by!: string;
  outcome!: 'in_progress' | 'successful' | 'failed' | 'rolled_back';
  finished_at!: string | null;
  emergency!: boolean;
  approved_before_deployment!: boolean;
  /**
   * Approved before (or on the emergency path) and no production deployment of it recorded
   * unauthorized (ADR 0022); null on a row projected before that.
   */
  authorized!: boolean | null;
  unauthorized_reason!: string | null;
}

export class DeploymentsAnswer {
  period!: AnswerPeriod;
  deployments!: Deployment[];
}
