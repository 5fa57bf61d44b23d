import { type RequestContext } from '@change-ledger/change-requests';
import { type LegalHold, type LegalHoldScope } from '@change-ledger/domain';
import {
  parseDateOrTimestamp,
  parsePeriodEnd,
  parseTimestamp,
} from '@change-ledger/untrusted-input';
import { LegalHoldHandlers } from '@change-ledger/retention';
import { Body, Controller, Get, HttpCode, Param } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { IdempotentPost } from '../idempotency/idempotency.interceptor';
import { PreservesEvidence } from '../auth/public.decorator';
import { RequestCtx } from '../auth/request-context.decorator';
import { RequestValidationError } from '../problem-details/request-validation.error';
import { PlaceLegalHoldDto, ReleaseLegalHoldDto } from './legal-holds.dto';
import { LegalHoldsAnswer, LegalHoldWriteAnswer } from './legal-holds.response.dto';

/**
 * Legal holds (issue 12): place, release, list. Who may place or release is the policy's
 * (`retention.legal_hold`); the decision is the domain's. Placing is allowed to read-only
 * principals (auditors) because it only keeps evidence.
 */
@Controller('api/v1/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldHandlers) {}

  @IdempotentPost()
  @PreservesEvidence()
  @ApiCreatedResponse({ type: LegalHoldWriteAnswer })
  async place(@Body() body: PlaceLegalHoldDto, @RequestCtx() context: RequestContext) {
    const hold = await this.holds.place(
      {
        scope: scopeOf(body),
        reason: body.reason,
        until: body.until ? parseTimestamp(body.until)!.toISOString() : null,
      },
      context,
    );
    return present(hold);
  }

  @IdempotentPost(':holdId/release')
  @HttpCode(200)
  @ApiOkResponse({ type: LegalHoldWriteAnswer })
  async release(
    @Param('holdId') holdId: string,
    @Body() body: ReleaseLegalHoldDto,
    @RequestCtx() context: RequestContext,
  ) {
    return present(await this.holds.release(holdId, body.reason, context));
  }

  @Get()
  @ApiOkResponse({ type: LegalHoldsAnswer })
  async list() {
    return { legal_holds: (await this.holds.list()).map((hold) => present(hold)) };
  }
}

function scopeOf(body: PlaceLegalHoldDto): LegalHoldScope {
  const scopes: LegalHoldScope[] = [];
  if (body.change_request_id)
    scopes.push({ kind: 'change_request', changeRequestId: body.change_request_id });
  if (body.system) scopes.push({ kind: 'system', system: body.system });
  if (body.from || body.to) {
    if (!body.from || !body.to)
      throw new RequestValidationError([
        { field: body.from ? 'to' : 'from', reason: 'a time range needs both from and to' },
      ]);
    scopes.push({
      kind: 'time_range',
      from: parseDateOrTimestamp(body.from)!.toISOString(),
      to: parsePeriodEnd(body.to)!.toISOString(),
    });
  }
  if (scopes.length !== 1)
    throw new RequestValidationError([
      {
        field: 'change_request_id',
        reason: 'name exactly one scope: change_request_id, system, or from and to',
      },
    ]);
  return scopes[0]!;
}

function present(hold: LegalHold & { active?: boolean }) {
  const scope = hold.scope;
  return {
    hold_id: hold.holdId,
    scope:
      scope.kind === 'change_request'
        ? { change_request_id: scope.changeRequestId }
        : scope.kind === 'system'
          ? { system: scope.system }
          : { from: scope.from, to: scope.to },
    reason: hold.reason,
    until: hold.until,
    placed_by: hold.placedBy,
    placed_at: hold.placedAt,
    released: hold.released
      ? { by: hold.released.by, at: hold.released.at, reason: hold.released.reason }
      : null,
    ...(hold.active === undefined ? {} : { active: hold.active }),
  };
}
