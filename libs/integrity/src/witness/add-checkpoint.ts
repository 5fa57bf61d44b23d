import { IntegrityError } from '../integrity.errors';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { decodeBase64 } from '../note/signed-note';

/**
 * The body of a C2SP tlog-witness `add-checkpoint` request (c2sp.org/tlog-witness):
 *
 *   old <size>\n  <base64 hash>\n × 0…63  \n  <signed checkpoint note>
 */
export interface AddCheckpointRequest {
  oldSize: number;
  proof: Buffer[];
  /** The signed checkpoint, signature lines included. */
  note: string;
}

/** The spec's cap on consistency proof lines. */
export const MAX_PROOF_LINES = 63;
/** The response type of a 409 Conflict: the witness's latest size, a decimal and a newline. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

export function formatAddCheckpoint(request: AddCheckpointRequest): string {
  const proof = request.proof.map((hash) => `${hash.toString('base64')}\n`).join('');
  return `old ${request.oldSize}\n${proof}\n${request.note}`;
}

const malformed = (reason: string) =>
  new IntegrityError(
    'WITNESS.MALFORMED_REQUEST',
    'invalid',
    `Malformed add-checkpoint request: ${reason}`,
  );

export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw malformed('no empty line before the checkpoint');
  const [oldLine, ...proofLines] = body.slice(0, blank).split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(oldLine ?? '');
  if (!old) throw malformed('the first line is not `old <size>` (decimal, no leading zeroes)');
  if (proofLines.length > MAX_PROOF_LINES)
    throw malformed(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line) => {
    const hash = decodeBase64(line);
    if (!hash || hash.length !== HASH_SIZE)
      throw malformed('a consistency proof line is not a base64 SHA-256 hash');
    return hash;
  });
  const oldSize = Number(old[1]);
  if (oldSize === 0 && proof.length > 0)
    throw malformed('the proof must be empty when the old size is 0');
  return { oldSize, proof, note: body.slice(blank + 2) };
}

/** A 409 body: `<size>\n`. */
export function parseTlogSize(body: string): number | undefined {
  const match = /^(0|[1-9][0-9]{0,15})\n$/.exec(body);
  return match ? Number(match[1]) : undefined;
}
