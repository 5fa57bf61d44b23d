import { AUDIT_SAMPLE_STREAM_PREFIX } from '../stream-names';

/**
 * `hmac-sha256-rank/v1`: each member's rank is HMAC-SHA256(key = the seed as UTF-8, message = the
 * member's id as UTF-8), in lowercase hex; a stratum's sample is its `size` members of lowest rank
 * (ties, which SHA-256 makes vanishingly rare, by id). Independent of any order the population was
 * listed in; `openssl dgst -sha256 -hmac SEED` re-ranks one id.
 */
export const SAMPLING_ALGORITHM = 'hmac-sha256-rank/v1';

export const SAMPLE_STRATA = ['all', 'normal', 'emergency', 'unauthorized'] as const;
export type SampleStratum = (typeof SAMPLE_STRATA)[number];

export interface SampledStratum {
  stratum: SampleStratum;
  /** Members of the population in this stratum. */
  populationSize: number;
  /** The size asked for; fewer are drawn when the stratum is smaller. */
  requestedSize: number;
  /** In rank order. */
  selected: Array<{ id: string; rank: string }>;
}

export interface AuditSampleDrawn {
  sampleId: string;
  /** The period [from, to) and the instant the population was taken as of. */
  from: string;
  to: string;
  asOf: string;
  seed: string;
  algorithm: typeof SAMPLING_ALGORITHM;
  /** SHA-256 (hex) of the population's ids, sorted, one per line with a final newline. */
  populationDigest: string;
  populationSize: number;
  strata: SampledStratum[];
  drawnBy: string;
  drawnAt: string;
}

export type AuditSampleEvent = { type: 'AuditSampleDrawn'; data: AuditSampleDrawn };

export function auditSampleStream(sampleId: string): string {
  return `${AUDIT_SAMPLE_STREAM_PREFIX}${sampleId}`;
}
