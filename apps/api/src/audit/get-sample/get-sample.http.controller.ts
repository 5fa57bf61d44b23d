import { type AuditSamples } from '@change-ledger/audit';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { AuditorsOnly } from '../../auth/auditors-only.decorator';
import { AUDIT_ROUTE, AUDIT_SAMPLES, AuditTag } from '../audit-route';
import { presentSample } from '../sample-answer';
import { SampleAnswer } from '../sample.response.dto';

/** A recorded sample, as it was drawn. */
@Controller(AUDIT_ROUTE)
@AuditTag()
@AuditorsOnly()
export class GetSampleHttpController {
  constructor(@Inject(AUDIT_SAMPLES) private readonly samples: AuditSamples) {}

  @Get('samples/:sample_id')
  async sample(@Param('sample_id') sampleId: string): Promise<SampleAnswer> {
    const drawn = await this.samples.load(sampleId);
    return presentSample(drawn.data, drawn.id);
  }
}
