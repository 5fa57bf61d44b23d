import {
  type Clock,
  CLOCK,
  GetChangeRequestQuery,
  PolicyInForce,
  StandingExceptionsRepository,
} from '@change-ledger/change-requests';
import { type ChangeRequest, evaluateDeployGates } from '@change-ledger/domain';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IsOptional, IsString, Matches } from 'class-validator';
import { changeRequestId } from '../change-requests/change-request-route';
import { DeployGatesAnswer } from './deploy-gates.response.dto';

export class GateQueryDto {
  /** Left out: production, the environment the gate exists for (SOC-GATES). */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: 'environment must be an environment name like production',
  })
  environment: string = 'production';
}

/**
 * The deploy gate CI asks before a deployment (SOC-GATES): allow or deny, every gate with its
 * evidence, a failing gate passed only by an approved policy exception naming it (ADR 0022).
 * Read from the change request's own stream and the exceptions' stream, never a lagging read
 * model: the answer is as fresh as the last approval or test result recorded. A production
 * deployment records the same evaluation, at its own time.
 */
@Controller('api/v1/change-management/change-requests')
export class DeployGatesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly policy: PolicyInForce,
    private readonly exceptions: StandingExceptionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/gates')
  async gates(@Param('id') id: string, @Query() query: GateQueryDto): Promise<DeployGatesAnswer> {
    const change = await this.queries.execute<GetChangeRequestQuery, ChangeRequest>(
      new GetChangeRequestQuery(changeRequestId(id)),
    );
    const now = this.clock.now().toISOString();
    const result = evaluateDeployGates(
      change,
      query.environment,
      this.policy.policy,
      now,
      await this.exceptions.approved(),
    );
    return {
      change_request_id: result.changeRequestId,
      environment: result.environment,
      decision: result.decision,
      evaluated_at: now,
      policy_version: this.policy.policy.version,
      gates: result.gates,
    };
  }
}
