import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import * as notes from '@change-ledger/verify';
import { asIntegrityError, fromVerifyError, IntegrityError } from '../integrity.errors';

/**
 * C2SP signed-note (c2sp.org/signed-note) with Ed25519, written exactly as Go's
 * golang.org/x/mod/sumdb/note writes keys and signatures, so tools that verify transparency logs
 * read ours. The cryptography is Node's own Ed25519; only the encodings live here, because no
 * maintained JavaScript library implements signed notes. The signing side lives here; reading
 * keys and opening notes is the verifier package's (packages/verify), as an auditor runs it,
 * its errors turned into IntegrityErrors.
 *
 *   key id        = SHA-256(name ‖ "\n" ‖ 0x01 ‖ 32-byte public key)[:4], big-endian uint32
 *   verifier key  = <name>+<8 hex key id>+<base64(0x01 ‖ public key)>
 *   private key   = PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 ‖ 32-byte seed)>
 *   signature     = "— " <name> " " base64(4-byte key id ‖ 64-byte signature) "\n"
 */
const { ED25519, EM_DASH, decodeBase64, hex8, keyId } = notes;
type NoteKeyType = notes.NoteKeyType;
// The signature types (0x01 a log's note signature, 0x04 a witness's cosignature/v1), keys and
// notes as read: the verifier package's.
export {
  COSIGNATURE_V1,
  decodeBase64,
  ed25519PublicKey,
  EM_DASH,
  keyId,
  type NoteKeyType,
  type NoteVerifier,
  type OpenedNote,
  verifierKey,
} from '@change-ledger/verify';
// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): how Node takes a seed it did not generate.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX_LENGTH = 12;

export interface NoteSigner {
  name: string;
  keyId: number;
  publicKey: Buffer;
  privateKey: KeyObject;
  /** 0x01 (a note signature) unless a cosigner's key. */
  type?: NoteKeyType;
}

const invalidKey = (reason: string) => fromVerifyError(notes.invalidKey(reason));
const checkName = (name: string) => asIntegrityError(() => notes.checkKeyName(name));

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

/** Reads `PRIVATE+KEY+<name>+<hash>+<key>` as Go's notes.NewSigner does, checking the hash. */
export function parseSignerKey(text: string): NoteSigner {
  return parseTypedSignerKey(text, ED25519);
}

/** A private key of the given type: a cosigner's (0x04) as `ledger witness keygen` writes it. */
export function parseTypedSignerKey(text: string, type: NoteKeyType): NoteSigner {
  // The base64 key may itself hold "+": split off the first four fields only, as Go does.
  const parts = notes.splitKeyFields(text.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw invalidKey('expected PRIVATE+KEY+<name>+<key id>+<base64 key>');
  const [, , name, id, encoded] = parts as [string, string, string, string, string];
  const key = decodeBase64(encoded);
  if (!/^[0-9a-f]{8}$/.test(id) || !key || key.length !== 33 || key[0] !== type)
    throw invalidKey(`not an Ed25519 ${notes.keyTypeName(type)} private key`);
  const signer = signerFromSeed(name, key.subarray(1), type);
  if (hex8(signer.keyId) !== id) throw invalidKey('the key id does not match the key');
  return signer;
}

/** Reads `<name>+<hash>+<key>` as Go's notes.NewVerifier does, checking the hash. */
export function parseVerifierKey(text: string): notes.NoteVerifier {
  return asIntegrityError(() => notes.parseVerifierKey(text));
}

/** A verifier key of the given type: a witness's cosignature/v1 key has type 0x04. */
export function parseTypedVerifierKey(text: string, type: NoteKeyType): notes.NoteVerifier {
  return asIntegrityError(() => notes.parseTypedVerifierKey(text, type));
}

/** Signs `text` (which ends in a newline) and returns the whole notes. */
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

/**
 * Splits a note at its last blank line and verifies the signatures of known keys; signatures of
 * unknown keys are ignored, one bad signature of a known key rejects the note (as the spec says).
 */
export function openNote(text: string, verifiers: readonly notes.NoteVerifier[]): notes.OpenedNote {
  return asIntegrityError(() => notes.openNote(text, verifiers));
}

/** A note's text and its signature lines (name, 4-byte key id ‖ signature), checked for form. */
export function signatureLines(text: string): ReturnType<typeof notes.signatureLines> {
  return asIntegrityError(() => notes.signatureLines(text));
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || text.includes('\n\n') || text.startsWith('\n'))
    throw new IntegrityError(
      'INTEGRITY.INVALID_NOTE',
      'invalid',
      'A note text ends in a newline and has no blank line',
    );
}
