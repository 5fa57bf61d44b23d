import { createHash } from 'node:crypto';
import {
  COSIGNATURE_V1,
  generateSignerKey,
  keyId,
  parseTypedSignerKey,
  parseTypedVerifierKey,
  parseVerifierKey,
  verifierKey,
} from '../note/signed-note';
import { formatAddCheckpoint, parseAddCheckpoint, parseTlogSize } from './add-checkpoint';
import {
  cosign,
  cosignedMessage,
  parseCosignatureLine,
  verifiedCosignatures,
  verifyCosignature,
} from './cosignature';

// c2sp.org/tlog-cosignature and c2sp.org/tlog-witness, their published examples, copied.
const SPEC_BODY =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_COSIGNATURE_LINE =
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';
const SPEC_SIGNED_MESSAGE =
  'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_REQUEST =
  'old 20852014\n' +
  'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n' +
  'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n' +
  '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n' +
  '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n' +
  '\n' +
  SPEC_BODY +
  '\n' +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n';
const SPEC_RESPONSE =
  '\u2014 witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==\n' +
  '\u2014 witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==\n' +
  '\u2014 witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==\n';

describe('cosignature/v1 (c2sp.org/tlog-cosignature)', () => {
  describe('with the published example', () => {
    // The example's witness key is not published: its name and key id are read from the line.
    const exampleWitness = {
      name: 'witness.example.com/w1',
      keyId: 0x8d66cf3f,
      publicKey: Buffer.alloc(32),
      type: COSIGNATURE_V1,
    } as const;

    it('reads the key id and the timestamp of the example line', () => {
      const cosignature = parseCosignatureLine(SPEC_COSIGNATURE_LINE, exampleWitness);
      expect(cosignature).toMatchObject({ name: 'witness.example.com/w1', time: 1679315147 });
      expect(cosignature!.signature).toHaveLength(64);
    });

    it('builds the signed message of the example byte for byte', () => {
      expect(cosignedMessage(SPEC_BODY, 1679315147).toString('utf8')).toBe(SPEC_SIGNED_MESSAGE);
    });

    it('ignores lines of other keys (another key id, another name)', () => {
      expect(
        parseCosignatureLine(SPEC_COSIGNATURE_LINE, { ...exampleWitness, keyId: 1 }),
      ).toBeUndefined();
      expect(verifiedCosignatures(SPEC_BODY, SPEC_RESPONSE, exampleWitness)).toEqual([]);
    });
  });

  describe('made here', () => {
    const signer = parseTypedSignerKey(
      generateSignerKey('witness.test/w1', COSIGNATURE_V1),
      COSIGNATURE_V1,
    );
    const witness = parseTypedVerifierKey(verifierKey(signer), COSIGNATURE_V1);

    it('hashes 0x04 into the key id, so a log key id never matches it', () => {
      const expected = createHash('sha256')
        .update(
          Buffer.concat([Buffer.from('witness.test/w1\n'), Buffer.from([4]), signer.publicKey]),
        )
        .digest()
        .readUInt32BE(0);
      expect(signer.keyId).toBe(expected);
      expect(keyId('witness.test/w1', signer.publicKey)).not.toBe(expected);
      expect(() => parseVerifierKey(verifierKey(signer))).toThrow(/not an Ed25519 signed-note/);
    });

    it('is a line of key id, big-endian timestamp and signature that verifies over the body', () => {
      const cosignature = cosign(SPEC_BODY, signer, 1679315147);
      const blob = Buffer.from(cosignature.line.split(' ')[2]!.trim(), 'base64');
      expect(blob.readUInt32BE(0)).toBe(signer.keyId);
      expect(blob.subarray(4, 12).toString('hex')).toBe('00000000641850cb');
      expect(verifyCosignature(SPEC_BODY, cosignature, witness)).toBe(true);
      expect(verifiedCosignatures(SPEC_BODY, cosignature.line, witness)).toHaveLength(1);
    });

    it('does not verify over another body or another time', () => {
      const cosignature = cosign(SPEC_BODY, signer, 1679315147);
      expect(
        verifyCosignature(SPEC_BODY.replace('20852163', '20852164'), cosignature, witness),
      ).toBe(false);
      expect(verifyCosignature(SPEC_BODY, { ...cosignature, time: 1679315148 }, witness)).toBe(
        false,
      );
      expect(() =>
        verifiedCosignatures(SPEC_BODY.replace('20852163', '1'), cosignature.line, witness),
      ).toThrow(/does not verify/);
    });
  });
});

describe('add-checkpoint (c2sp.org/tlog-witness)', () => {
  it('reads the published example request and writes it back byte for byte', () => {
    const request = parseAddCheckpoint(SPEC_REQUEST);
    expect(request.oldSize).toBe(20852014);
    expect(request.proof).toHaveLength(4);
    expect(request.note.startsWith(SPEC_BODY + '\n\u2014 example.com/behind-the-sofa ')).toBe(true);
    expect(formatAddCheckpoint(request)).toBe(SPEC_REQUEST);
  });

  it.each([
    ['a size with a leading zero', SPEC_REQUEST.replace('old 20852014', 'old 020852014')],
    ['no old line', SPEC_REQUEST.replace('old 20852014\n', '')],
    ['a proof line that is not a hash', SPEC_REQUEST.replace('PlRNCrwH', 'PlRN')],
    ['a proof with old 0', SPEC_REQUEST.replace('old 20852014', 'old 0')],
    ['no empty line', 'old 0\n'],
  ])('refuses %s', (_, body) => {
    expect(() => parseAddCheckpoint(body)).toThrow(/Malformed add-checkpoint/);
  });

  it('refuses more than 63 proof lines', () => {
    const line = 'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n';
    expect(() => parseAddCheckpoint(`old 1\n${line.repeat(64)}\n${SPEC_BODY}`)).toThrow(/63/);
  });

  it('reads a text/x.tlog.size body', () => {
    expect(parseTlogSize('20852014\n')).toBe(20852014);
    expect(parseTlogSize('20852014')).toBeUndefined();
    expect(parseTlogSize('01\n')).toBeUndefined();
  });
});
