import {
  presentStandingException,
  type RequestContext,
  StandingExceptionHandlers,
} from '@change-ledger/change-requests';
import { parseDateOrTimestamp, parsePeriodEnd } from '@change-ledger/untrusted-input';
import { Body, Controller, Get, HttpCode, Param } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { RequestCtx } from '../auth/request-context.decorator';
import { IdempotentPost } from '../idempotency/idempotency.interceptor';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { ApproveStandingExceptionDto, RequestStandingExceptionDto } from './policy-exceptions.dto';
import {
  StandingExceptionsAnswer,
  StandingExceptionWriteAnswer,
} from './policy-exceptions.response.dto';

const EXCEPTION_ID = /^EXC-\d{4,9}$/;

/**
 * Policy exceptions for a service and a period (POL-EXCEPTIONS, ADR 0022): requested by a change manager
 * or a sign-off role, approved by the policy's `exceptions.approvers` (two people, neither the
 * requester), read by every authenticated principal. An approved one passes the deploy gates it
 * names for the changes of its services inside its period. Exceptions for one change are a step
 * of that change (`POST …/change-requests/{id}/exceptions`).
 */
@Controller('api/v1/change-management/policy-exceptions')
export class PolicyExceptionsController {
  constructor(private readonly exceptions: StandingExceptionHandlers) {}

  @IdempotentPost()
  @ApiCreatedResponse({ type: StandingExceptionWriteAnswer })
  async request(@Body() body: RequestStandingExceptionDto, @RequestCtx() context: RequestContext) {
    const exception = await this.exceptions.request(
      {
        deviation: body.deviation,
        riskAssessment: body.risk_assessment,
        gates: body.gates,
        services: body.services,
        // Both parse: the DTO checked them with the same function. A date as `to` includes its day.
        from: parseDateOrTimestamp(body.from)!.toISOString(),
        to: parsePeriodEnd(body.to)!.toISOString(),
      },
      context,
    );
    return presentStandingException(exception);
  }

  @IdempotentPost(':exceptionId/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: StandingExceptionWriteAnswer })
  async approve(
    @Param('exceptionId') exceptionId: string,
    @Body() body: ApproveStandingExceptionDto,
    @RequestCtx() context: RequestContext,
  ) {
    if (!EXCEPTION_ID.test(exceptionId))
      throw new RequestValidationError([
        { field: 'exceptionId', reason: 'must be a policy exception id like EXC-0001' },
      ]);
    const exception = await this.exceptions.approve(exceptionId, body.role ?? null, context);
    return presentStandingException(exception);
  }

  @Get()
  async list(): Promise<StandingExceptionsAnswer> {
    return {
      policy_exceptions: (await this.exceptions.list()).map((exception) =>
        presentStandingException(exception),
      ),
    };
  }
}
