import {
  AuditError,
  type AuditSamples,
  type BundleSources,
  writeEvidenceBundle,
} from '@change-ledger/audit';
import { Controller, Get, Inject, Logger, Param, Res } from '@nestjs/common';
import { type Response } from 'express';
import { AuditorsOnly } from '../../auth/auditors-only.decorator';
import { AUDIT_ROUTE, AUDIT_SAMPLES, AuditTag, BUNDLE_SOURCES } from '../audit-route';

/**
 * A recorded sample's evidence bundle (ADR 0007), streamed as libs/audit writes it; `ledger
 * export` writes the same bundle from the terminal.
 */
@Controller(AUDIT_ROUTE)
@AuditTag()
@AuditorsOnly()
export class ExportBundleHttpController {
  private readonly logger = new Logger(ExportBundleHttpController.name);

  constructor(
    @Inject(AUDIT_SAMPLES) private readonly samples: AuditSamples,
    @Inject(BUNDLE_SOURCES) private readonly bundleSources: BundleSources | null,
  ) {}

  /** The evidence bundle of a recorded sample, streamed as it is written (issue 13 §3). */
  @Get('exports/:sample_id')
  async export(@Param('sample_id') sampleId: string, @Res() response: Response) {
    if (!this.bundleSources)
      throw new AuditError(
        'AUDIT.NO_SIGNING_KEY',
        'unavailable',
        "This API process does not hold the log's signing key: export with `ledger export`",
      );
    const drawn = await this.samples.load(sampleId);
    const events = await this.samples.events(sampleId);
    response.type('application/gzip').attachment(`evidence_${drawn.data.sampleId}.tar.gz`);
    try {
      await writeEvidenceBundle(
        this.bundleSources,
        {
          period: { from: new Date(drawn.data.from), to: new Date(drawn.data.to) },
          asOf: new Date(drawn.data.asOf),
          sample: { drawn: drawn.data, events },
          now: new Date(),
        },
        response,
      );
    } catch (error) {
      // The client went away (closed the connection, cancelled the download): the export
      // stopped reading; nobody is left to answer, and nothing failed on this side.
      if (error instanceof AuditError && error.code === 'AUDIT.EXPORT_INTERRUPTED') {
        this.logger.log(`export of sample ${sampleId} stopped: ${error.message}`);
        return;
      }
      // Before the first byte the problem document still goes out; after it, only a cut stream.
      if (!response.headersSent) throw error;
      this.logger.error(
        `export of sample ${sampleId} failed mid-stream: ${error instanceof Error ? error.stack : String(error)}`,
      );
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
