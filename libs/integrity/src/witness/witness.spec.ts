import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { leafHash } from '../merkle/merkle-hash';
import { memoryTree } from '../merkle/memory-tree';
import { consistencyProof, treeRoot } from '../merkle/proofs';
import { formatCheckpoint } from '../note/checkpoint';
import {
  COSIGNATURE_V1,
  generateSignerKey,
  parseSignerKey,
  parseTypedSignerKey,
  parseTypedVerifierKey,
  signNote,
  verifierKey,
} from '../note/signed-note';
import { formatAddCheckpoint } from './add-checkpoint';
import { verifiedCosignatures } from './cosignature';
import { Witness } from './witness';
import { WitnessState } from './witness-state';

const ORIGIN = 'test.example/log';
const log = parseSignerKey(generateSignerKey(ORIGIN));
const cosigner = parseTypedSignerKey(
  generateSignerKey('witness.test/w1', COSIGNATURE_V1),
  COSIGNATURE_V1,
);
const cosignerKey = parseTypedVerifierKey(verifierKey(cosigner), COSIGNATURE_V1);

/** A log of `leaves` (strings), its checkpoints signed with `signer`. */
function tree(leaves: string[]) {
  const nodes = memoryTree(leaves.map((leaf) => leafHash(Buffer.from(leaf))));
  const note = async (size: number, signer = log) =>
    signNote(
      formatCheckpoint({ origin: ORIGIN, size, root: await treeRoot(nodes.read, size) }),
      signer,
    );
  const request = async (oldSize: number, size: number, signer = log) =>
    formatAddCheckpoint({
      oldSize,
      proof:
        oldSize === 0 || oldSize === size ? [] : await consistencyProof(nodes.read, oldSize, size),
      note: await note(size, signer),
    });
  return { note, request };
}

async function newWitness() {
  const dir = await mkdtemp(path.join(tmpdir(), 'witness-spec-'));
  const witness = new Witness({
    signer: cosigner,
    logs: [{ origin: ORIGIN, keys: [log] }],
    state: new WitnessState(dir),
    now: () => 1_700_000_000,
  });
  return { witness, dir };
}

const letters = (n: number, prefix = 'leaf') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('Witness (c2sp.org/tlog-witness)', () => {
  it('cosigns a first checkpoint from old 0, then one that extends it by a valid proof', async () => {
    const { witness } = await newWitness();
    const honest = tree(letters(9));
    const first = await witness.addCheckpoint(await honest.request(0, 5));
    expect(first.status).toBe(200);
    const body = (await honest.note(5)).split('\n\n')[0] + '\n';
    const lines = first.status === 200 ? first.cosignatures : '';
    expect(verifiedCosignatures(body, lines, cosignerKey)).toEqual([
      expect.objectContaining({ time: 1_700_000_000 }),
    ]);
    expect((await witness.addCheckpoint(await honest.request(5, 9))).status).toBe(200);
  });

  it('answers 409 with its size when the old size is not its latest', async () => {
    const { witness } = await newWitness();
    const honest = tree(letters(9));
    await witness.addCheckpoint(await honest.request(0, 5));
    expect(await witness.addCheckpoint(await honest.request(0, 9))).toMatchObject({
      status: 409,
      size: 5,
    });
  });

  it('refuses a forked tree with 422 and the reason, keeping the request as evidence', async () => {
    const { witness, dir } = await newWitness();
    await witness.addCheckpoint(await tree(letters(9)).request(0, 5));
    const fork = tree([...letters(4), ...letters(5, 'forked')]);
    const answer = await witness.addCheckpoint(await fork.request(5, 9));
    expect(answer).toMatchObject({ status: 422, reason: expect.stringMatching(/^split view/) });
    const evidence = await readdir(path.join(dir, 'evidence'));
    expect(evidence).toHaveLength(1);
    expect(await readFile(path.join(dir, 'evidence', evidence[0]!), 'utf8')).toContain('old 5');
  });

  it('refuses another root at the size it holds with 409', async () => {
    const { witness } = await newWitness();
    await witness.addCheckpoint(await tree(letters(5)).request(0, 5));
    const answer = await witness.addCheckpoint(await tree(letters(5, 'x')).request(5, 5));
    expect(answer).toMatchObject({
      status: 409,
      size: 5,
      reason: expect.stringMatching(/split view/),
    });
  });

  it('answers 404 for an unknown origin, 403 without a trusted signature, 400 for old > size', async () => {
    const { witness } = await newWitness();
    const other = parseSignerKey(generateSignerKey('other.example/log'));
    const stranger = signNote(
      formatCheckpoint({ origin: 'other.example/log', size: 1, root: Buffer.alloc(32) }),
      other,
    );
    expect((await witness.addCheckpoint(`old 0\n\n${stranger}`)).status).toBe(404);
    const impostor = parseSignerKey(generateSignerKey(ORIGIN));
    expect(
      (await witness.addCheckpoint(await tree(letters(3)).request(0, 3, impostor))).status,
    ).toBe(403);
    const note = await tree(letters(3)).note(3);
    expect((await witness.addCheckpoint(`old 4\n\n${note}`)).status).toBe(400);
    expect((await witness.addCheckpoint('nonsense')).status).toBe(400);
  });

  it('keeps its state across restarts (its own directory)', async () => {
    const { witness, dir } = await newWitness();
    const honest = tree(letters(9));
    await witness.addCheckpoint(await honest.request(0, 5));
    const restarted = new Witness({
      signer: cosigner,
      logs: [{ origin: ORIGIN, keys: [log] }],
      state: new WitnessState(dir),
    });
    expect(await restarted.addCheckpoint(await honest.request(0, 9))).toMatchObject({ size: 5 });
  });
});
