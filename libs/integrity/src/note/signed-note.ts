import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { IntegrityError } from '../integrity.errors';

/**
 * C2SP signed-note (c2sp.org/signed-note) with Ed25519, written exactly as Go's
 * golang.org/x/mod/sumdb/note writes keys and signatures, so tools that verify transparency logs
 * read ours. The cryptography is Node's own Ed25519; only the encodings live here, because no
 * maintained JavaScript library implements signed notes.
 *
 *   key id        = SHA-256(name ‖ "\n" ‖ 0x01 ‖ 32-byte public key)[:4], big-endian uint32
 *   verifier key  = <name>+<8 hex key id>+<base64(0x01 ‖ public key)>
 *   private key   = PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte seed)>
 *   signature     = "— " <name> " " base64(4-byte key id ‖ 64-byte signature) "\n"
 */
const ED25519 = 0x01;
/**
 * The signature types of a key id and a verifier key: a log's Ed25519 note signature, and a
 * witness's Ed25519 `cosignature/v1` (c2sp.org/tlog-cosignature), whose key id hashes 0x04 so
 * that one kind of signature can never pass for the other.
 */
export type NoteKeyType = typeof ED25519 | typeof COSIGNATURE_V1;
export const COSIGNATURE_V1 = 0x04;
// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): how Node takes a seed it did not generate.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX_LENGTH = 12;
export const EM_DASH = '\u2014';

export interface NoteSigner {
  name: string;
  keyId: number;
  publicKey: Buffer;
  privateKey: KeyObject;
  /** 0x01 (a note signature) unless a cosigner's key. */
  type?: NoteKeyType;
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Buffer;
  /** 0x01 (a note signature) unless a cosigner's key. */
  type?: NoteKeyType;
}

function invalidKey(reason: string): IntegrityError {
  return new IntegrityError('INTEGRITY.INVALID_KEY', 'invalid', `Invalid note key: ${reason}`);
}

function checkName(name: string): void {
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

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

export function signerFromSeed(
  name: string,
  seed: Buffer,
  type: NoteKeyType = ED25519,
): NoteSigner {
  checkName(name);
  if (seed.length !== 32) throw invalidKey('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_ED25519_PREFIX_LENGTH);
  return { name, keyId: keyId(name, publicKey, type), publicKey, privateKey, type };
}

/**
 * A new private key. A cosigner's (type 0x04) is written in the same PRIVATE+KEY form with its
 * type byte: Go's note package reads only 0x01 keys, and the C2SP specs define no private key
 * encoding, so this one is ours (read back by `parseSignerKey` alone).
 */
export function generateSignerKey(name: string, type: NoteKeyType = ED25519): string {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  return formatSignerKey(signerFromSeed(name, seed, type), seed);
}

function formatSignerKey(signer: NoteSigner, seed: Buffer): string {
  const key = Buffer.concat([Buffer.from([signer.type ?? ED25519]), seed]).toString('base64');
  return `PRIVATE+KEY+${signer.name}+${hex8(signer.keyId)}+${key}`;
}

/** Reads `PRIVATE+KEY+<name>+<hash>+<key>` as Go's note.NewSigner does, checking the hash. */
export function parseSignerKey(text: string): NoteSigner {
  return parseTypedSignerKey(text, ED25519);
}

/** A private key of the given type: a cosigner's (0x04) as `ledger witness keygen` writes it. */
export function parseTypedSignerKey(text: string, type: NoteKeyType): NoteSigner {
  // The base64 key may itself hold "+": split off the first four fields only, as Go does.
  const parts = splitFields(text.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw invalidKey('expected PRIVATE+KEY+<name>+<key id>+<base64 key>');
  const [, , name, id, encoded] = parts as [string, string, string, string, string];
  const key = decodeBase64(encoded);
  if (!/^[0-9a-f]{8}$/.test(id) || !key || key.length !== 33 || key[0] !== type)
    throw invalidKey(`not an Ed25519 ${typeName(type)} private key`);
  const signer = signerFromSeed(name, key.subarray(1), type);
  if (hex8(signer.keyId) !== id) throw invalidKey('the key id does not match the key');
  return signer;
}

const typeName = (type: NoteKeyType) =>
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
  const parts = splitFields(text.trim(), 3);
  if (!parts) throw invalidKey('expected <name>+<key id>+<base64 key>');
  const [name, id, encoded] = parts as [string, string, string];
  checkName(name);
  const key = decodeBase64(encoded);
  if (!/^[0-9a-f]{8}$/.test(id) || !key || key.length !== 33 || key[0] !== type)
    throw invalidKey(`not an Ed25519 ${typeName(type)} verifier key`);
  const publicKey = key.subarray(1);
  if (hex8(keyId(name, publicKey, type)) !== id)
    throw invalidKey('the key id does not match the key');
  return { name, keyId: parseInt(id, 16), publicKey, type };
}

/** Signs `text` (which ends in a newline) and returns the whole note. */
export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  const blob = Buffer.concat([id, signature]).toString('base64');
  return `${text}\n${EM_DASH} ${signer.name} ${blob}\n`;
}

/**
 * Who signed a note, as its signature lines say (name and key id), without verifying anything:
 * what an operator needs to find the key a checkpoint was signed with. `openNote` verifies.
 */
export function noteSignatures(note: string): { name: string; keyId: number; key: string }[] {
  return signatureLines(note).lines.map(({ name, blob }) => {
    const keyId = blob.readUInt32BE(0);
    return { name, keyId, key: `${name}+${hex8(keyId)}` };
  });
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
      throw new IntegrityError(
        'INTEGRITY.UNVERIFIED_NOTE',
        'invalid',
        `The signature of ${name} does not verify`,
        { name },
      );
    verifiedBy.push(name);
  }
  if (verifiedBy.length === 0)
    throw new IntegrityError(
      'INTEGRITY.UNVERIFIED_NOTE',
      'invalid',
      'No signature of a trusted key on the note',
      { trusted: verifiers.map((key) => key.name) },
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
    new IntegrityError('INTEGRITY.INVALID_NOTE', 'invalid', `Malformed signed note: ${reason}`);
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

function checkText(text: string): void {
  if (!text.endsWith('\n') || text.includes('\n\n') || text.startsWith('\n'))
    throw new IntegrityError(
      'INTEGRITY.INVALID_NOTE',
      'invalid',
      'A note text ends in a newline and has no blank line',
    );
}

/** Strict standard base64 (RFC 4648 §4): Buffer.from would silently skip bad characters. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text))
    return undefined;
  return Buffer.from(text, 'base64');
}

function splitFields(text: string, count: number): string[] | undefined {
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
