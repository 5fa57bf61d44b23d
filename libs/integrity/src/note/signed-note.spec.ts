import { createHash, createPublicKey, verify } from 'node:crypto';
import { formatCheckpoint, parseCheckpoint } from './checkpoint';
import {
  generateSignerKey,
  noteSignatures,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKey,
} from './signed-note';

// The published example of golang.org/x/mod/sumdb/note (note_test.go, the package's doc comment),
// the implementation C2SP signed-note was written from. Copied, not computed here.
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SIGNER_KEY =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const GO_NOTE =
  GO_TEXT +
  '\n' +
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

describe('signed-note', () => {
  describe('with the published Go example', () => {
    it('reads the verifier key and its key id', () => {
      const key = parseVerifierKey(GO_VERIFIER_KEY);
      expect(key.name).toBe('PeterNeumann');
      expect(key.keyId).toBe(0xc74f20a3);
      expect(verifierKey(key)).toBe(GO_VERIFIER_KEY);
    });

    it('derives the same public key and key id from the private key', () => {
      const signer = parseSignerKey(GO_SIGNER_KEY);
      expect(verifierKey(signer)).toBe(GO_VERIFIER_KEY);
    });

    it('opens the published note', () => {
      expect(openNote(GO_NOTE, [parseVerifierKey(GO_VERIFIER_KEY)])).toEqual({
        text: GO_TEXT,
        verifiedBy: ['PeterNeumann'],
      });
    });

    it('names who signed it (name and key id) without a key to verify with', () => {
      expect(noteSignatures(GO_NOTE)).toEqual([
        { name: 'PeterNeumann', keyId: 0xc74f20a3, key: 'PeterNeumann+c74f20a3' },
      ]);
      expect(() => noteSignatures(GO_TEXT)).toThrow(/no blank line/);
    });

    it('signs the text into the published note, byte for byte (Ed25519 is deterministic)', () => {
      expect(signNote(GO_TEXT, parseSignerKey(GO_SIGNER_KEY))).toBe(GO_NOTE);
    });

    it('refuses an altered note, an unknown key, or a key whose id does not match', () => {
      const verifier = parseVerifierKey(GO_VERIFIER_KEY);
      expect(() => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), [verifier])).toThrow(
        /does not verify/,
      );
      expect(() =>
        openNote(GO_NOTE, [parseVerifierKey(verifierKey(parseSignerKey(generateSignerKey('x'))))]),
      ).toThrow(/No signature of a trusted key/);
      expect(() =>
        parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'),
      ).toThrow(/key id/);
    });
  });

  describe('a checkpoint we sign', () => {
    it('verifies with Node’s Ed25519 directly, by the spec’s key id and signature layout', () => {
      const signer = parseSignerKey(generateSignerKey('ledger.example/log'));
      const body = formatCheckpoint({
        origin: 'ledger.example/log',
        size: 8,
        root: Buffer.from(
          '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
          'hex',
        ),
      });
      const note = signNote(body, signer);

      // Independently of our parser: split, decode, recompute the key id, verify.
      const [signedText, signatureLine] = note.split('\n\n') as [string, string];
      expect(signedText + '\n').toBe(body);
      const match = /^\u2014 (\S+) (\S+)\n$/u.exec(signatureLine)!;
      expect(match[1]).toBe('ledger.example/log');
      const blob = Buffer.from(match[2]!, 'base64');
      expect(blob).toHaveLength(68);
      // <name>+<id>+<key>: the name holds no "+", the base64 key may.
      const text = verifierKey(signer);
      const idStart = text.indexOf('+') + 1;
      const vkey = [
        text.slice(0, idStart - 1),
        text.slice(idStart, idStart + 8),
        text.slice(idStart + 9),
      ];
      const publicKey = Buffer.from(vkey[2]!, 'base64');
      expect(publicKey[0]).toBe(0x01);
      const expectedId = createHash('sha256')
        .update(Buffer.concat([Buffer.from('ledger.example/log\n'), publicKey]))
        .digest()
        .subarray(0, 4);
      expect(blob.subarray(0, 4)).toEqual(expectedId);
      expect(vkey[1]).toBe(expectedId.toString('hex'));
      const key = createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey.subarray(1)]),
        format: 'der',
        type: 'spki',
      });
      expect(verify(null, Buffer.from(body), key, blob.subarray(4))).toBe(true);
      expect(parseCheckpoint(openNote(note, [signer]).text)).toMatchObject({
        origin: 'ledger.example/log',
        size: 8,
      });
    });

    it('refuses a checkpoint body that is not one', () => {
      expect(() => parseCheckpoint('origin\n08\nAAAA\n')).toThrow(/size/);
      expect(() => parseCheckpoint('origin\n8\nAAAA\n')).toThrow(/root/);
      expect(() => parseCheckpoint('origin\n8')).toThrow(/newline/);
    });

    it('carries the time the log signed it as a `time <unix seconds>` extension line', () => {
      const root = Buffer.alloc(32, 7);
      const text = formatCheckpoint({ origin: 'o', size: 3, root, time: new Date(1765094400_900) });
      expect(text).toBe(`o\n3\n${root.toString('base64')}\ntime 1765094400\n`);
      expect(parseCheckpoint(text).time).toEqual(new Date(1765094400_000));
      expect(parseCheckpoint(`o\n3\n${root.toString('base64')}\n`).time).toBeUndefined();
      expect(() => parseCheckpoint(`o\n3\n${root.toString('base64')}\ntime 01\n`)).toThrow(/time/);
      expect(() => parseCheckpoint(`o\n3\n${root.toString('base64')}\ntime 1\ntime 2\n`)).toThrow(
        /more than one time/,
      );
    });
  });
});
