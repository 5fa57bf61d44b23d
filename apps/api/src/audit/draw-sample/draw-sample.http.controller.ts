import { type AuditSamples, invalidAuditRequest, type SampleSizes } from '@change-ledger/audit';
import { recordedActor } from '@change-ledger/auth';
import { type RequestContext } from '@change-ledger/change-requests';
import { parseTimestamp } from '@change-ledger/untrusted-input';
import { Body, Controller, Inject } from '@nestjs/common';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { AuditorsOnly } from '../../auth/auditors-only.decorator';
import { RequestCtx } from '../../auth/request-context.decorator';
import { IdempotentPost } from '../../idempotency/idempotency.interceptor';
import { AUDIT_ROUTE, AUDIT_SAMPLES, auditPeriodOf, AuditTag } from '../audit-route';
import { presentSample } from '../sample-answer';
import { DrawSampleDto } from './draw-sample.request.dto';
import { DrawnSampleAnswer } from './draw-sample.response.dto';

/** A reproducible sample of a period's population, drawn and recorded as evidence. */
@Controller(AUDIT_ROUTE)
@AuditTag()
@AuditorsOnly()
export class DrawSampleHttpController {
  constructor(@Inject(AUDIT_SAMPLES) private readonly samples: AuditSamples) {}

  @IdempotentPost('samples')
  @ApiCreatedResponse({ type: DrawnSampleAnswer })
  async draw(@Body() body: DrawSampleDto, @RequestCtx() context: RequestContext) {
    const drawn = await this.samples.draw(
      {
        period: auditPeriodOf(body),
        seed: body.seed,
        sizes: sizesOf(body),
        asOf: body.as_of === undefined ? undefined : parseTimestamp(body.as_of),
      },
      {
        actor: recordedActor(context.actor),
        source: { kind: 'api', requestId: context.requestId },
        correlationId: context.correlationId,
      },
    );
    return presentSample(drawn.data, drawn.id);
  }
}

function sizesOf(body: DrawSampleDto): SampleSizes {
  if (body.size !== undefined && body.sizes !== undefined)
    throw invalidAuditRequest('sizes', 'give either size or sizes, not both');
  if (body.size !== undefined) return { size: body.size };
  if (body.sizes === undefined) throw invalidAuditRequest('size', 'size or sizes is required');
  const sizes = Object.fromEntries(
    Object.entries(body.sizes).filter(([, size]) => size !== undefined),
  );
  return { sizes };
}
