import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { VerifyError } from './verify-error';

/**
 * C2SP signed-note (c2sp.org/signed-note) with Ed25519, read exactly as Go's
 * golang.org/x/mod/sumdb/note reads keys and signatures. The cryptography is Node's own Ed25519;
 * only the encodings live here, because no maintained JavaScript library implements signed notes.
 *
 *   key id        = SHA-256(name ‖ "\n" ‖ type ‖ 32-byte public key)[:4], big-endian uint32
 *   verifier key  = <name>+<8 hex key id>+<base64(type ‖ public key)>
 *   signature     = "— " <name> " " base64(4-byte key id ‖ signature) "\n"
 *
 * Type 0x01 is a note signature (the log's key); 0x04 a witness's `cosignature/v1`
 * (c2sp.org/tlog-cosignature), so that one kind of signature can never pass for the other.
 */
export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;
export type NoteKeyType = typeof ED25519 | typeof COSIGNATURE_V1;
export const EM_DASH = '\u2014';

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Buffer;
  /** 0x01 (a note signature) unless a cosigner's key. */
  type?: NoteKeyType;
}

export function invalidKey(reason: string): VerifyError {
  return new VerifyError('INTEGRITY.INVALID_KEY', `Invalid note key: ${reason}`);
}

export function checkKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name))
    throw invalidKey('a key name is non-empty, without spaces or "+"');
}

export function keyId(name: string, publicKey: Buffer, type: NoteKeyType = ED25519): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, type]))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

export const hex8 = (id: number) => id.toString(16).padStart(8, '0');

export const keyTypeName = (type: NoteKeyType) =>
  type === ED25519 ? 'signed-note' : 'cosignature/v1 (0x04)';

export function verifierKey(key: NoteVerifier): string {
  const encoded = Buffer.concat([Buffer.from([key.type ?? ED25519]), key.publicKey]).toString(
    'base64',
  );
  return `${key.name}+${hex8(key.keyId)}+${encoded}`;
}

/** Reads `<name>+<hash>+<key>` as Go's note.NewVerifier does, checking the hash. */
export function parseVerifierKey(text: string): NoteVerifier {
  return parseTypedVerifierKey(text, ED25519);
}

/** A verifier key of the given type: a witness's cosignature/v1 key has type 0x04. */
export function parseTypedVerifierKey(text: string, type: NoteKeyType): NoteVerifier {
  const parts = splitKeyFields(text.trim(), 3);
  if (!parts) throw invalidKey('expected <name>+<key id>+<base64 key>');
  const [name, id, encoded] = parts as [string, string, string];
  checkKeyName(name);
  const key = decodeBase64(encoded);
  if (!/^[0-9a-f]{8}$/.test(id) || !key || key.length !== 33 || key[0] !== type)
    throw invalidKey(`not an Ed25519 ${keyTypeName(type)} verifier key`);
  const publicKey = key.subarray(1);
  if (hex8(keyId(name, publicKey, type)) !== id)
    throw invalidKey('the key id does not match the key');
  return { name, keyId: parseInt(id, 16), publicKey, type };
}

export interface OpenedNote {
  text: string;
  /** Names of the trusted keys whose signatures verified. */
  verifiedBy: string[];
}

/**
 * Splits a note at its last blank line and verifies the signatures of known keys; signatures of
 * unknown keys are ignored, one bad signature of a known key rejects the note (as the spec says).
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, lines } = signatureLines(note);
  const verifiedBy: string[] = [];
  for (const { name, blob } of lines) {
    const id = blob.readUInt32BE(0);
    // A cosigner's key signs another message (tlog-cosignature): never a note signature.
    const verifier = verifiers.find(
      (key) => key.name === name && key.keyId === id && (key.type ?? ED25519) === ED25519,
    );
    if (!verifier) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), ed25519PublicKey(verifier), blob.subarray(4)))
      throw new VerifyError(
        'INTEGRITY.UNVERIFIED_NOTE',
        `The signature of ${name} does not verify`,
        {
          name,
        },
      );
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0)
    throw new VerifyError(
      'INTEGRITY.UNVERIFIED_NOTE',
      'No signature of a trusted key on the note',
      {
        trusted: verifiers.map((key) => key.name),
      },
    );
  return { text, verifiedBy };
}

export function ed25519PublicKey(key: NoteVerifier): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') },
    format: 'jwk',
  });
}

/** A note's text and its signature lines (name, 4-byte key id ‖ signature), checked for form. */
export function signatureLines(note: string): {
  text: string;
  lines: { name: string; blob: Buffer }[];
} {
  const malformed = (reason: string) =>
    new VerifyError('INTEGRITY.INVALID_NOTE', `Malformed signed note: ${reason}`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x09\x0b-\x1f]/.test(note)) throw malformed('control characters');
  if (!note.endsWith('\n')) throw malformed('it does not end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const lines = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => {
      const [, name, encoded] = /^\u2014 (\S+) (\S+)$/u.exec(line) ?? [];
      if (name === undefined || encoded === undefined)
        throw malformed(`not a signature line: ${JSON.stringify(line)}`);
      const blob = decodeBase64(encoded);
      if (!blob || blob.length < 5) throw malformed('a signature is too short');
      return { name, blob };
    });
  return { text, lines };
}

/** Strict standard base64 (RFC 4648 §4): Buffer.from would silently skip bad characters. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text))
    return undefined;
  return Buffer.from(text, 'base64');
}

/** Splits `count` fields at "+", the last keeping the rest (a base64 key may hold "+"), as Go. */
export function splitKeyFields(text: string, count: number): string[] | undefined {
  const fields: string[] = [];
  let rest = text;
  for (let i = 1; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  fields.push(rest);
  return fields;
}
