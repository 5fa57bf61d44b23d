import {
  approveStandingException,
  requestStandingException,
  type RequestStandingException,
  type StandingException,
} from '@change-ledger/domain';
import { Inject, Injectable } from '@nestjs/common';
import { PolicyInForce } from '../policy-in-force';
import { type Clock, CLOCK, type RequestContext } from '../request-context';
import { StandingExceptionsRepository } from './standing-exceptions.repository';

/**
 * The use cases of policy exceptions for a service and a period (ADR 0022): request, sign off,
 * list. Each is a load–decide–append on their stream; the roles are the policy's (POL-EXCEPTIONS), the
 * actor the authenticated request's.
 */
@Injectable()
export class StandingExceptionHandlers {
  constructor(
    private readonly repository: StandingExceptionsRepository,
    private readonly policy: PolicyInForce,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async request(
    data: RequestStandingException['data'],
    context: RequestContext,
  ): Promise<StandingException> {
    const at = this.clock.now().toISOString();
    const { events, exceptions } = await this.repository.decideAndAppend(
      (stored) =>
        requestStandingException(
          { type: 'RequestStandingException', data, metadata: { actor: context.actor, at } },
          stored,
          this.policy.policy,
        ),
      context,
    );
    return exceptions.get(events[0]!.data.exceptionId)!;
  }

  async approve(
    exceptionId: string,
    role: string | null,
    context: RequestContext,
  ): Promise<StandingException> {
    const at = this.clock.now().toISOString();
    const { exceptions } = await this.repository.decideAndAppend(
      (stored) =>
        approveStandingException(
          {
            type: 'ApproveStandingException',
            data: { exceptionId, role },
            metadata: { actor: context.actor, at },
          },
          stored,
          this.policy.policy,
        ),
      context,
    );
    return exceptions.get(exceptionId)!;
  }

  /** Every exception, newest first. */
  async list(): Promise<StandingException[]> {
    const { exceptions } = await this.repository.load();
    return [...exceptions.values()].reverse();
  }
}
