import { sign } from 'node:crypto';
import * as cosignatures from '@change-ledger/verify';
import { asIntegrityError, IntegrityError } from '../integrity.errors';
import { COSIGNATURE_V1, EM_DASH, type NoteSigner, type NoteVerifier } from '../note/signed-note';

/**
 * C2SP tlog-cosignature `cosignature/v1` (c2sp.org/tlog-cosignature), Ed25519: a witness's
 * timestamped statement that the checkpoint is the largest consistent tree head it has seen for
 * the log. Written here because no maintained JavaScript library implements it; the cryptography
 * is Node's own Ed25519. Reading and verifying is the verifier package's (packages/verify).
 *
 *   key id    = SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte public key)[:4]
 *   message   = "cosignature/v1\n" ‖ "time <t>\n" ‖ checkpoint body (its text, no signature lines)
 *   signature = "— " name " " base64(key id ‖ u64 big-endian t ‖ Ed25519 signature) "\n"
 */
export { type Cosignature, cosignedMessage, verifyCosignature } from '@change-ledger/verify';

export function cosign(
  checkpointBody: string,
  signer: NoteSigner,
  time: number,
): cosignatures.Cosignature {
  if (signer.type !== COSIGNATURE_V1)
    throw new IntegrityError(
      'INTEGRITY.INVALID_KEY',
      'invalid',
      'A cosignature is made with a cosigner key (type 0x04), not a note signing key',
    );
  const signature = sign(
    null,
    cosignatures.cosignedMessage(checkpointBody, time),
    signer.privateKey,
  );
  const blob = Buffer.alloc(12);
  blob.writeUInt32BE(signer.keyId, 0);
  blob.writeBigUInt64BE(BigInt(time), 4);
  const encoded = Buffer.concat([blob, signature]).toString('base64');
  return {
    name: signer.name,
    keyId: signer.keyId,
    time,
    signature,
    line: `${EM_DASH} ${signer.name} ${encoded}\n`,
  };
}

/**
 * Reads one signature line as a cosignature/v1 of `witness`, without verifying it; undefined when
 * the line is another key's (the spec: ignore unknown keys).
 */
export function parseCosignatureLine(
  line: string,
  witness: NoteVerifier,
): cosignatures.Cosignature | undefined {
  return asIntegrityError(() => cosignatures.parseCosignatureLine(line, witness));
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
): cosignatures.Cosignature[] {
  return asIntegrityError(() =>
    cosignatures.verifiedCosignatures(checkpointBody, signatureLines, witness),
  );
}
