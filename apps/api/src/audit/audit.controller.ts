import { requestIdOf } from '@change-ledger/operations';
import {
  AuditError,
  type AuditSamples,
  type BundleSources,
  invalidAuditRequest,
  writeEvidenceBundle,
  type PopulationQuery,
  populationCsv,
  type SampleSizes,
} from '@change-ledger/audit';
import { type AuthenticatedActor, recordedActor } from '@change-ledger/auth';
import {
  parseDateOrTimestamp,
  parsePeriodEnd,
  parseTimestamp,
} from '@change-ledger/untrusted-input';
import { Body, Controller, Get, Inject, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { IdempotentPost } from '../idempotency/idempotency.interceptor';
import { type Request, type Response } from 'express';
import { AuditorsOnly } from '../auth/auditors-only.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DrawSampleDto, PopulationQueryDto } from './audit.dto';

export const POPULATION_QUERY = Symbol('POPULATION_QUERY');
export const AUDIT_SAMPLES = Symbol('AUDIT_SAMPLES');
/** What the bundle is written from; null without the log's signing key in this process. */
export const BUNDLE_SOURCES = Symbol('BUNDLE_SOURCES');

/**
 * The auditor's workspace (issue 13): the population of a period, reproducible samples recorded
 * as evidence, and evidence bundles. Thin: libs/audit holds the rules. Auditors only.
 */
@Controller('api/v1/audit')
@AuditorsOnly()
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(
    @Inject(POPULATION_QUERY) private readonly populations: PopulationQuery,
    @Inject(AUDIT_SAMPLES) private readonly samples: AuditSamples,
    @Inject(BUNDLE_SOURCES) private readonly bundleSources: BundleSources | null,
  ) {}

  @Get('population')
  async population(
    @Query() query: PopulationQueryDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const population = await this.populations.population(
      periodOf(query),
      query.as_of === undefined ? undefined : parseTimestamp(query.as_of),
    );
    if (query.format === 'csv') {
      response
        .type('text/csv')
        .attachment(`population_${query.from.slice(0, 10)}_${query.to.slice(0, 10)}.csv`);
      return populationCsv(population);
    }
    return population;
  }

  @IdempotentPost('samples')
  async draw(
    @Body() body: DrawSampleDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: Request,
  ) {
    // The request's own id (x-request-id when acceptable), as every write's events carry.
    const requestId = requestIdOf(request);
    const drawn = await this.samples.draw(
      {
        period: periodOf(body),
        seed: body.seed,
        sizes: sizesOf(body),
        asOf: body.as_of === undefined ? undefined : parseTimestamp(body.as_of),
      },
      {
        actor: recordedActor(actor),
        source: { kind: 'api', requestId },
        correlationId: headerValue(request, 'x-correlation-id') ?? requestId,
      },
    );
    return presentSample(drawn.data, drawn.id);
  }

  @Get('samples/:sample_id')
  async sample(@Param('sample_id') sampleId: string) {
    const drawn = await this.samples.load(sampleId);
    return presentSample(drawn.data, drawn.id);
  }

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

function presentSample(data: Awaited<ReturnType<AuditSamples['load']>>['data'], eventId: string) {
  return {
    sample_id: data.sampleId,
    from: data.from,
    to: data.to,
    as_of: data.asOf,
    seed: data.seed,
    algorithm: data.algorithm,
    population_size: data.populationSize,
    population_digest: data.populationDigest,
    strata: data.strata.map((stratum) => ({
      stratum: stratum.stratum,
      population_size: stratum.populationSize,
      requested_size: stratum.requestedSize,
      selected: stratum.selected,
    })),
    drawn_by: data.drawnBy,
    drawn_at: data.drawnAt,
    event_id: eventId,
  };
}

function periodOf(query: { from: string; to: string }) {
  const from = parseDateOrTimestamp(query.from)!;
  const to = parsePeriodEnd(query.to)!;
  if (!(from < to)) throw invalidAuditRequest('to', 'must be after from');
  return { from, to };
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

function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^[\w.:-]{1,128}$/.test(text) ? text : undefined;
}
