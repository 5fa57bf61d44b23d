import { type AuditSamples } from '@change-ledger/audit';

/** A recorded sample as drawing it and reading it back answer it. */
export function presentSample(
  data: Awaited<ReturnType<AuditSamples['load']>>['data'],
  eventId: string,
) {
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
