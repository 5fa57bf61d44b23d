import { verify } from 'node:crypto';
import {
  COSIGNATURE_V1,
  decodeBase64,
  ed25519PublicKey,
  type NoteVerifier,
  signatureLines,
  verifierKey,
} from './signed-note';
import { VerifyError } from './verify-error';

/**
 * C2SP tlog-cosignature `cosignature/v1` (c2sp.org/tlog-cosignature), Ed25519: a witness's
 * timestamped statement that the checkpoint is the largest consistent tree head it has seen for
 * the log (ADR 0018). No maintained JavaScript library implements it; the cryptography is
 * Node's own Ed25519.
 *
 *   key id    = SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte public key)[:4]
 *   message   = "cosignature/v1\n" ‖ "time <t>\n" ‖ checkpoint body (its text, no signature lines)
 *   signature = "— " name " " base64(key id ‖ u64 big-endian t ‖ Ed25519 signature) "\n"
 */
export interface Cosignature {
  /** The witness's key name, as on the signature line. */
  name: string;
  keyId: number;
  /** When the witness signed, its own clock (POSIX seconds). */
  time: number;
  signature: Buffer;
  /** The whole signature line, newline included: what is appended to the checkpoint. */
  line: string;
}

/** The signed message: header line, time line, then the checkpoint body byte for byte. */
export function cosignedMessage(checkpointBody: string, time: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${checkpointBody}`, 'utf8');
}

/**
 * Reads one signature line as a cosignature/v1 of `witness`, without verifying it; undefined when
 * the line is another key's (the spec: ignore unknown keys).
 */
export function parseCosignatureLine(line: string, witness: NoteVerifier): Cosignature | undefined {
  const [, name, encoded] = /^\u2014 (\S+) (\S+)\n?$/u.exec(line) ?? [];
  if (name === undefined || encoded === undefined)
    throw new VerifyError(
      'INTEGRITY.INVALID_NOTE',
      `Not a signature line: ${JSON.stringify(line)}`,
    );
  const blob = decodeBase64(encoded);
  if (!blob || blob.length < 4 || name !== witness.name || blob.readUInt32BE(0) !== witness.keyId)
    return undefined;
  if (blob.length !== 4 + 8 + 64)
    throw new VerifyError(
      'INTEGRITY.INVALID_NOTE',
      `The cosignature of ${name} is not 76 bytes (key id, timestamp, Ed25519 signature)`,
    );
  const time = blob.readBigUInt64BE(4);
  if (time >= 2n ** 63n)
    throw new VerifyError(
      'INTEGRITY.INVALID_NOTE',
      `The cosignature of ${name} has a timestamp beyond 2^63 - 1`,
    );
  return {
    name,
    keyId: witness.keyId,
    time: Number(time),
    signature: blob.subarray(12),
    line: `${line.replace(/\n$/, '')}\n`,
  };
}

/** Whether `cosignature` is `witness`'s signature of `checkpointBody` at its time. */
export function verifyCosignature(
  checkpointBody: string,
  cosignature: Cosignature,
  witness: NoteVerifier,
): boolean {
  if (witness.type !== COSIGNATURE_V1) return false;
  if (cosignature.name !== witness.name || cosignature.keyId !== witness.keyId) return false;
  return verify(
    null,
    cosignedMessage(checkpointBody, cosignature.time),
    ed25519PublicKey(witness),
    cosignature.signature,
  );
}

/**
 * The cosignatures of `witness` among signature lines (an add-checkpoint response, or a note's
 * signature lines), each verified against the body: a line of the witness's key that does not
 * verify is an error, other keys' lines are ignored.
 */
export function verifiedCosignatures(
  checkpointBody: string,
  signatureLines: string,
  witness: NoteVerifier,
): Cosignature[] {
  const found: Cosignature[] = [];
  for (const line of signatureLines.split('\n').filter((l) => l !== '')) {
    const cosignature = parseCosignatureLine(line, witness);
    if (!cosignature) continue;
    if (!verifyCosignature(checkpointBody, cosignature, witness))
      throw new VerifyError(
        'INTEGRITY.UNVERIFIED_NOTE',
        `The cosignature of ${witness.name} does not verify`,
        { name: witness.name },
      );
    found.push(cosignature);
  }
  return found;
}

export interface WitnessedBy {
  witness: string;
  /** The witness's own clock (ISO 8601): time the log's operators cannot backdate. */
  time: string;
}

/**
 * The trusted witnesses whose cosignature on a served checkpoint note (the log's signed note with
 * cosignature lines appended, as GET /api/v1/ledger/checkpoint answers) verifies; a line of a
 * trusted witness that does not verify throws. Distinct witnesses, each once, earliest time.
 */
export function cosignersOf(note: string, witnesses: readonly NoteVerifier[]): WitnessedBy[] {
  // Checked for form first; then the signature lines as they stand after the text's blank line.
  const { text } = signatureLines(note);
  const lines = note.slice(text.length + 1);
  const found = new Map<string, WitnessedBy>();
  for (const witness of witnesses) {
    const key = verifierKey(witness);
    if (found.has(key)) continue;
    const cosignatures = verifiedCosignatures(text, lines, witness);
    const earliest = cosignatures.sort((a, b) => a.time - b.time)[0];
    if (earliest)
      found.set(key, { witness: witness.name, time: new Date(earliest.time * 1000).toISOString() });
  }
  return [...found.values()];
}
