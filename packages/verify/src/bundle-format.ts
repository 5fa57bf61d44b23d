/**
 * The evidence bundle, format 1 (docs/audit/evidence-bundle.md says the same for people): a
 * gzip'd POSIX tar whose files come in a fixed order, so a verifier checks it in one streaming
 * pass and meets the manifest last. Declared here once: the ledger's writer (libs/audit) and this
 * verifier both read these names.
 */
export const BUNDLE_FORMAT = 'change-ledger-evidence-bundle/1';
export const MANIFEST = 'manifest.json';
export const MANIFEST_SIGNATURE = 'manifest.json.sig';
export const MANIFEST_NOTE_TITLE = 'change-ledger evidence bundle manifest';

export function manifestNoteText(manifestSha256: string): string {
  return `${MANIFEST_NOTE_TITLE}\nsha256 ${manifestSha256}\n`;
}

export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  created_at: string;
  period: { from: string; to: string };
  as_of: string | null;
  sample_id: string | null;
  checkpoint: { origin: string; size: number; root: string };
  files: ManifestEntry[];
}

/** One line of proofs.jsonl: the shape of GET /api/v1/ledger/proofs/inclusion. */
export interface InclusionProofLine {
  event_id: string;
  leaf_index: number;
  tree_size: number;
  leaf_hash: string;
  proof: string[];
}

/** One line of log/consistency.jsonl: the shape of GET /api/v1/ledger/proofs/consistency. */
export interface ConsistencyProofLine {
  from: number;
  to: number;
  proof: string[];
}

/** A change request's folder: its stream, then the files derived from it. */
export const CHANGE_FILES = [
  'events.jsonl',
  'proofs.jsonl',
  'history.json',
  'change-request.json',
  'approvals.json',
  'ci-facts.json',
  'gates.json',
  'outcome.json',
  'summary.html',
] as const;

/**
 * The folders that hold one stream each (events.jsonl and proofs.jsonl, and for a change request
 * its derived files), and the stream each may hold: the ledger's stream names (libs/domain; a
 * spec holds these to them).
 */
export const STREAM_FOLDER =
  /^(policy|exceptions|sample|changes\/[^/]+|unauthorized\/[^/]+)\/([^/]+)$/;
export const POLICY_VERSIONS_STREAM = 'ledger-policy-versions';
export const POLICY_EXCEPTIONS_STREAM = 'ledger-policy-exceptions';
export const AUDIT_SAMPLE_STREAM_PREFIX = 'audit-sample-';
export const CHANGE_REQUEST_STREAM_PREFIX = 'change-request-';
export const CI_EVENT_STREAM_PREFIX = 'ci-event-';

export function folderHoldsStream(folder: string, streamId: string): boolean {
  if (folder === 'policy') return streamId === POLICY_VERSIONS_STREAM;
  if (folder === 'exceptions') return streamId === POLICY_EXCEPTIONS_STREAM;
  if (folder === 'sample') return streamId.startsWith(AUDIT_SAMPLE_STREAM_PREFIX);
  if (folder.startsWith('changes/'))
    return streamId === `${CHANGE_REQUEST_STREAM_PREFIX}${folder.slice('changes/'.length)}`;
  const unauthorized = folder.slice('unauthorized/'.length);
  return streamId === unauthorized && unauthorized.startsWith(CI_EVENT_STREAM_PREFIX);
}
