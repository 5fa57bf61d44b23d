import {
  type AuditSampleDrawn,
  type AuditSampleEvent,
  auditSampleStream,
  SAMPLING_ALGORITHM,
} from '@change-ledger/domain';
import {
  type Actor,
  type EventSourceRef,
  type EventStore,
  jsonData,
  type RecordedEvent,
  type StoredEvent,
  storedAs,
} from '@change-ledger/event-store';
import { type Period } from '@change-ledger/read-models';
import { AuditError, invalidAuditRequest } from '../audit.errors';
import { type PopulationQuery } from '../population/population.query';
import { drawSample, populationDigest, type SampleSizes } from './draw-sample';

export interface SampleRequest {
  period: Period;
  seed: string;
  sizes: SampleSizes;
  /** The population as of this instant; the present when omitted. */
  asOf?: Date;
}

/** Who asks, as the edge authenticated them, and where the request came in. */
export interface SampleRequester {
  actor: Actor;
  source: EventSourceRef;
  correlationId: string;
}

const MAX_SAMPLE_SIZE = 10_000;

/**
 * Draws samples and records each as an `AuditSampleDrawn` event in its own stream, so the
 * auditor's selection — seed, population, algorithm, result — is itself evidence in the log.
 */
export class AuditSamples {
  constructor(
    private readonly store: EventStore,
    private readonly populations: PopulationQuery,
    private readonly clock: { now(): Date },
    private readonly newId: () => string,
  ) {}

  async draw(request: SampleRequest, by: SampleRequester): Promise<StoredEvent<AuditSampleEvent>> {
    checkSampleRequest(request);
    const now = this.clock.now();
    const asOf = request.asOf && request.asOf < now ? request.asOf : now;
    const population = await this.populations.population(request.period, asOf);
    const sampleId = this.newId();
    const data: AuditSampleDrawn = {
      sampleId,
      from: request.period.from.toISOString(),
      to: request.period.to.toISOString(),
      asOf: asOf.toISOString(),
      seed: request.seed,
      algorithm: SAMPLING_ALGORITHM,
      populationDigest: populationDigest(population.members),
      populationSize: population.members.length,
      strata: drawSample(population.members, request.seed, request.sizes),
      drawnBy: by.actor.id,
      drawnAt: now.toISOString(),
    };
    await this.store.appendToStream(
      auditSampleStream(sampleId),
      [
        {
          id: this.newId(),
          type: 'AuditSampleDrawn',
          data: jsonData(data),
          metadata: {
            actor: by.actor,
            occurredAt: data.drawnAt,
            correlationId: by.correlationId,
            source: by.source,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    return this.load(sampleId);
  }

  async load(sampleId: string): Promise<StoredEvent<AuditSampleEvent>> {
    const [event] = await this.events(sampleId);
    const drawn = event && storedAs<AuditSampleEvent>(event, ['AuditSampleDrawn']);
    if (!drawn)
      throw new AuditError('AUDIT.UNKNOWN_SAMPLE', 'not_found', `No sample ${sampleId}`, {
        sampleId,
      });
    return drawn;
  }

  /** The sample's stream, as stored (the bundle carries it with its proofs). */
  async events(sampleId: string): Promise<RecordedEvent[]> {
    if (!/^[0-9a-f-]{36}$/.test(sampleId))
      throw invalidAuditRequest('sample_id', 'must be the id a drawn sample was given (a UUID)');
    return this.store.readStream(auditSampleStream(sampleId));
  }
}

function checkSampleRequest(request: SampleRequest): void {
  if (!(request.period.from < request.period.to))
    throw invalidAuditRequest('to', 'must be after from');
  if (request.seed.length === 0 || request.seed.length > 256)
    throw invalidAuditRequest('seed', 'must be 1 to 256 characters');
  const sizes = 'size' in request.sizes ? { size: request.sizes.size } : request.sizes.sizes;
  const entries = Object.entries(sizes);
  if (entries.length === 0) throw invalidAuditRequest('sizes', 'must name at least one stratum');
  for (const [name, size] of entries)
    if (!Number.isInteger(size) || size! < 1 || size! > MAX_SAMPLE_SIZE)
      throw invalidAuditRequest(
        'size' in request.sizes ? 'size' : `sizes.${name}`,
        `must be a whole number from 1 to ${MAX_SAMPLE_SIZE}`,
      );
}
