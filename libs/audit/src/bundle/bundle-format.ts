import { BUNDLE_FORMAT, MANIFEST_NOTE_TITLE } from '@change-ledger/verify';
import { byCodeUnit } from '../code-unit-order';

/**
 * The evidence bundle, format 1 (docs/audit/evidence-bundle.md says the same for people): a
 * gzip'd POSIX tar whose files are written in this order, so a verifier can check it in one
 * streaming pass with the manifest last.
 *
 *   README.md                       what this is and how to check it with other tools
 *   log/verifier-key                the log's signed-note verifier key
 *   log/checkpoint                  the signed C2SP checkpoint the export was made against
 *   log/consistency.jsonl           RFC 9162 consistency proofs from each earlier stored checkpoint
 *   policy/events.jsonl, proofs.jsonl     the policy versions (PolicyVersionActivated)
 *   exceptions/events.jsonl, proofs.jsonl the policy exceptions for services and periods (ADR 0022)
 *   population.json, population.csv      the population of the period
 *   sample/events.jsonl, proofs.jsonl    the AuditSampleDrawn event (when sampled)
 *   changes/<CHG-…>/                     per change request:
 *     events.jsonl    its events, one per line, exactly as stored (metadata, position, hashes)
 *     proofs.jsonl    per event, in the same order: its leaf and RFC 9162 inclusion proof
 *     history.json, change-request.json, approvals.json, ci-facts.json, gates.json,
 *     outcome.json, summary.html        derived from events.jsonl (the verifier re-derives them)
 *   unauthorized/<ci-event-…>/events.jsonl, proofs.jsonl, summary.html
 *   control-matrix.csv              each file → the controls it evidences
 *   manifest.json                   { format, files: [{ path, sha256, bytes }] } of every file above
 *   manifest.json.sig               a signed note over "<MANIFEST_NOTE_TITLE>\nsha256 <hex>\n"
 */
// The format's names and shapes are declared once, in the verifier package an auditor installs
// (packages/verify): this writer and that verifier read the same declaration.
export {
  BUNDLE_FORMAT,
  CHANGE_FILES,
  type InclusionProofLine,
  MANIFEST,
  MANIFEST_NOTE_TITLE,
  MANIFEST_SIGNATURE,
  type Manifest,
  type ManifestEntry,
  manifestNoteText,
} from '@change-ledger/verify';

const SOC2 = 'SOC 2 CC8.1';
const ISO = 'ISO 27001 A.8.32';
const OPS = 'OPS-01';

/** What each file evidences, and for which controls (the SOC-… rules of docs/requirements.md, written `003 §n` for an auditor). */
const CONTROL_MATRIX: Array<{ pattern: RegExp; evidences: string; controls: string[] }> = [
  {
    pattern: /^README\.md$/,
    evidences: 'how to verify the bundle',
    controls: [],
  },
  {
    pattern: /^log\//,
    evidences: 'the tamper-evident log: signed checkpoint, verifier key, consistency proofs',
    controls: [SOC2, ISO, '003 §7 (change log retained, unaltered)'],
  },
  {
    pattern: /^policy\//,
    evidences: 'the policy versions in force (approval levels, gates, roles)',
    controls: [SOC2, ISO, OPS, '003 §1', '003 §3', '003 §8'],
  },
  {
    pattern: /^exceptions\//,
    evidences:
      'the policy exceptions for services and periods: requested, risk-assessed, signed off',
    controls: [SOC2, ISO, OPS, '002 §5 (exceptions)', '003 §3'],
  },
  {
    pattern: /^population\./,
    evidences: 'the complete population of changes to production in the period',
    controls: [SOC2, ISO, OPS, '003 §6 (undocumented changes)', '003 §7 (change log)'],
  },
  {
    pattern: /^sample\//,
    evidences: "the auditor's recorded, reproducible selection",
    controls: [SOC2, ISO],
  },
  {
    pattern: /\/(events|proofs)\.jsonl$/,
    evidences: 'every recorded event, attributed, with its hash chain and inclusion proof',
    controls: [SOC2, ISO, OPS, '003 §6 (attributable changes)', '003 §7'],
  },
  {
    pattern: /\/(history|change-request)\.json$/,
    evidences: 'the request (description, scope, risk, test and rollback plans) and its history',
    controls: [SOC2, ISO, OPS, '003 §2 (submit … close)', '003 §4 (rollback plan)'],
  },
  {
    pattern: /\/approvals\.json$/,
    evidences: 'approvals: who, in which role, when, under which policy version; not the author',
    controls: [SOC2, ISO, OPS, '003 §1', '003 §2 (review)', '003 §5 (retroactive sign-off)'],
  },
  {
    pattern: /\/ci-facts\.json$/,
    evidences: 'deployments, tests, scans and code reviews as CI reported them, with their sources',
    controls: [SOC2, ISO, OPS, '003 §3', '003 §6 (CI/CD pipeline not bypassed)'],
  },
  {
    pattern: /\/gates\.json$/,
    evidences: 'the production gates evaluated at deployment',
    controls: [SOC2, ISO, OPS, '003 §3'],
  },
  {
    pattern: /\/outcome\.json$/,
    evidences: 'verification, completion, rollback and incident review, emergency clocks',
    controls: [SOC2, ISO, OPS, '003 §2 (verify, close)', '003 §4', '003 §5'],
  },
  {
    pattern: /\/summary\.html$/,
    evidences: 'a readable summary, generated from the same events',
    controls: [SOC2, ISO, OPS],
  },
  {
    pattern: /^control-matrix\.csv$/,
    evidences: 'this mapping',
    controls: [],
  },
];

export const CONTROL_MATRIX_HEADER = 'path,evidences,controls\n';

/** control-matrix.csv's line for one file (the file is sorted by path in code-unit order). */
export function controlMatrixRow(path: string): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const row = CONTROL_MATRIX.find((candidate) => candidate.pattern.test(path));
  return `${[path, row?.evidences ?? '', (row?.controls ?? []).join('; ')].map(quote).join(',')}\n`;
}

export function controlMatrixCsv(paths: readonly string[]): string {
  return `${CONTROL_MATRIX_HEADER}${[...paths].sort(byCodeUnit).map(controlMatrixRow).join('')}`;
}

/**
 * The text `JSON.stringify(container, null, 2)` gives `value` as an element of an array at
 * `depth` levels of nesting: how a file written element by element (the manifest's files, the
 * population's members) comes out byte for byte as the whole document stringified at once.
 */
export function nestedJson(value: unknown, depth: number): string {
  const indent = ' '.repeat(2 * depth);
  return indent + JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/**
 * `JSON.stringify(document, null, 2)` split around its last property, an array written element
 * by element in between (each element `nestedJson(element, 2)`, joined by ",\n"): `head` then
 * the elements then `tail`, or `empty` if there are none.
 */
export function jsonAroundLastArray(document: object): {
  head: string;
  tail: string;
  empty: string;
} {
  const empty = `${JSON.stringify(document, null, 2)}\n`;
  const closing = '[]\n}\n';
  if (!empty.endsWith(closing)) throw new Error('the document does not end with an empty array');
  return { head: `${empty.slice(0, -closing.length)}[\n`, tail: '\n  ]\n}\n', empty };
}

export const BUNDLE_README = `# Change Ledger evidence bundle (${BUNDLE_FORMAT})

Verify it with Node alone: \`npx @change-ledger/verify FILE.tar.gz --verifier-key KEY\` (the
verifier package, no database, no network); with the ledger installed, \`ledger verify-bundle
FILE.tar.gz --verifier-key KEY\` also folds each change's derived files again. Or with other tools:

1. manifest.json.sig is a C2SP signed note (Ed25519) by the key in log/verifier-key (obtain that
   key out of band): its text is "${MANIFEST_NOTE_TITLE}" and "sha256 <hex of manifest.json>".
2. \`sha256sum\` every file against manifest.json's files[].
3. Each events.jsonl line is an event exactly as stored; its integrity.hash is SHA-256 of the
   RFC 8785 canonical JSON of {streamId, revision, id, type, data, metadata, prevHash} (and
   recordedAt, where integrity.recordedAt is present), and prevHash is the previous line's hash
   (64 zeros for revision 0).
4. log/checkpoint is a C2SP tlog-checkpoint signed by the same key. Each proofs.jsonl line proves
   its event's leaf, SHA-256(0x00 || the 32-byte event hash), is in that tree (RFC 9162 §2.1.3).
5. The other per-change files are derived from events.jsonl by the ledger's own fold.
`;
