// libs/audit: the auditor's workspace (issue 13) — history replayed as of any instant, the
// population of a period and a reproducible sample, the evidence bundle and its offline verifier.
export { formatReplay, replay, type ReplayedEvent } from './replay/replay';
export { AuditError, invalidAuditRequest } from './audit.errors';
export {
  buildPopulation,
  populationCsv,
  unauthorizedMemberId,
  type Population,
  type PopulationMember,
  type PopulationTotals,
} from './population/population';
export { PopulationQuery, stateAsOf } from './population/population.query';
export { drawSample, populationDigest, sampleRank, type SampleSizes } from './sampling/draw-sample';
export { AuditSamples, type SampleRequest, type SampleRequester } from './sampling/audit-samples';
export {
  BUNDLE_FORMAT,
  controlMatrixCsv,
  MANIFEST,
  MANIFEST_SIGNATURE,
  manifestNoteText,
  type Manifest,
} from './bundle/bundle-format';
export { changeEvidenceFiles } from './bundle/change-evidence';
export { escapeHtml, renderSummaryHtml } from './bundle/summary-html';
export {
  type BundleRequest,
  type BundleSources,
  type BundleSummary,
  eventLine,
  writeEvidenceBundle,
} from './bundle/write-bundle';
export { ledgerFold, verifyBundle } from './bundle/verify-bundle';
