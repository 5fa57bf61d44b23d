import {
  checkCheckpoint,
  checkConsistency,
  checkInclusion,
  checkReceipt,
  openCheckpoint,
} from './checks';
import { eventLeafHash } from './merkle';
import { COSIGNATURE_V1, parseTypedVerifierKey, parseVerifierKey } from './signed-note';
import {
  chainedEvents,
  checkpointText,
  consistencyPath,
  cosignatureLine,
  inclusionPath,
  receiptNote,
  signNote,
  testKey,
  witnessKey,
} from './testing/fixtures';

const log = testKey('test.example/log');
const keys = [parseVerifierKey(log.vkey)];
const events = chainedEvents('change-request-CHG-2026-001', [
  { type: 'ChangeRequestCreated', data: { title: 'a' } },
  { type: 'ChangeRequestSubmitted', data: {} },
  { type: 'ChangeApproved', data: { role: 'qa' } },
  { type: 'ChangeImplementationStarted', data: {} },
  { type: 'ChangeVerified', data: {} },
]);
const leaves = events.map((event) => eventLeafHash(event.integrity.hash));
const b64 = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('base64'));
const noteOf = (size: number) => signNote(checkpointText(log.name, leaves.slice(0, size)), log);

describe('checkCheckpoint', () => {
  const body = checkpointText(log.name, leaves, 1_772_442_000);
  const signed = signNote(body, log);
  const [alice, bob] = [witnessKey('witness.example/alice'), witnessKey('witness.example/bob')];
  const witnesses = [alice, bob].map((w) => parseTypedVerifierKey(w.vkey, COSIGNATURE_V1));

  it("reads a checkpoint the log's key signed", () => {
    expect(checkCheckpoint(signed, { verifierKeys: keys })).toMatchObject({
      valid: true,
      origin: log.name,
      size: 5,
      time: '2026-03-02T09:00:00.000Z',
      signedBy: [log.name],
      quorum: 0,
    });
  });

  it("refuses one signed by another key of the log's name", () => {
    const other = [parseVerifierKey(testKey(log.name).vkey)];
    expect(checkCheckpoint(signed, { verifierKeys: other })).toMatchObject({
      valid: false,
      failure: 'No signature of a trusted key on the note',
    });
  });

  it("counts trusted witnesses' cosignatures (served as further signature lines) to a quorum", () => {
    const cosigned = signed + cosignatureLine(body, alice, 1_772_442_010);
    expect(checkCheckpoint(cosigned, { verifierKeys: keys, witnessKeys: witnesses })).toMatchObject(
      {
        valid: true,
        quorum: 1,
        cosignedBy: [{ witness: alice.name, time: '2026-03-02T09:00:10.000Z' }],
      },
    );
    expect(
      checkCheckpoint(cosigned, { verifierKeys: keys, witnessKeys: witnesses, quorum: 2 }),
    ).toMatchObject({
      valid: false,
      failure: 'cosigned by 1 of the trusted witnesses, 2 required',
    });
  });

  it("refuses a trusted witness's cosignature over another checkpoint", () => {
    const other = checkpointText(log.name, leaves.slice(0, 4), 1_772_442_000);
    const cosigned = signed + cosignatureLine(other, bob, 1_772_442_010);
    expect(checkCheckpoint(cosigned, { verifierKeys: keys, witnessKeys: witnesses })).toMatchObject(
      { valid: false, failure: `The cosignature of ${bob.name} does not verify` },
    );
  });
});

describe('checkInclusion (the API answer of /ledger/proofs/inclusion)', () => {
  const checkpoint = openCheckpoint(noteOf(5), keys);
  const answer = (index: number) => ({
    event_id: events[index]!.id,
    leaf_index: index,
    tree_size: 5,
    leaf_hash: leaves[index]!.toString('base64'),
    proof: b64(inclusionPath(index, leaves)),
  });

  it.each([0, 1, 2, 3, 4])('proves leaf %i, tied to its event', (index) => {
    const line = JSON.stringify(events[index]);
    expect(checkInclusion(checkpoint, answer(index), { line })).toMatchObject({ valid: true });
    expect(checkInclusion(checkpoint, answer(index))).toMatchObject({ valid: true });
  });

  it('refuses a proof of another place, tree or event', () => {
    expect(checkInclusion(checkpoint, { ...answer(2), leaf_index: 3 }).failure).toMatch(
      /is not proved to be leaf 3 of checkpoint 5/,
    );
    expect(checkInclusion(checkpoint, { ...answer(2), tree_size: 4 }).failure).toMatch(
      /tree of 4, the checkpoint's has 5/,
    );
    const other = JSON.stringify(events[1]);
    expect(checkInclusion(checkpoint, answer(2), { line: other }).failure).toMatch(/the proof/);
    const altered = JSON.stringify({ ...events[2], data: { role: 'root' } });
    expect(checkInclusion(checkpoint, answer(2), { line: altered }).failure).toMatch(
      /does not hash to its integrity.hash/,
    );
    expect(checkInclusion(checkpoint, { ...answer(2), proof: ['nope'] }).failure).toMatch(
      /base64 SHA-256/,
    );
  });
});

describe('checkConsistency (the API answer of /ledger/proofs/consistency)', () => {
  it.each([1, 2, 3, 4, 5])('proves the tree of 5 extends the one of %i', (size) => {
    const answer = { from: size, to: 5, proof: b64(consistencyPath(size, leaves)) };
    const [older, newer] = [openCheckpoint(noteOf(size), keys), openCheckpoint(noteOf(5), keys)];
    expect(checkConsistency(older, newer, answer)).toMatchObject({ valid: true });
  });

  it('refuses a rewritten history: the older tree is not a prefix', () => {
    const rewritten = [...leaves.slice(0, 2), eventLeafHash('b'.repeat(64))];
    const older = openCheckpoint(signNote(checkpointText(log.name, rewritten), log), keys);
    const answer = { from: 3, to: 5, proof: b64(consistencyPath(3, leaves)) };
    expect(checkConsistency(older, openCheckpoint(noteOf(5), keys), answer).failure).toMatch(
      /not proved to extend checkpoint 3: the log was rewritten or forked/,
    );
  });
});

describe('checkReceipt', () => {
  it('opens a receipt of this log, and refuses one of another key or changed', () => {
    const note = receiptNote(log, events.slice(0, 2), 1_772_442_300);
    expect(checkReceipt(note, keys)).toMatchObject({
      valid: true,
      origin: log.name,
      includeBy: '2026-03-02T09:05:00.000Z',
      events: [{ id: events[0]!.id }, { id: events[1]!.id }],
    });
    expect(checkReceipt(note.replace('1772442300', '1772442900'), keys).failure).toMatch(
      /does not verify/,
    );
    expect(checkReceipt(receiptNote(testKey('x'), events, 1), keys).failure).toMatch(
      /No signature of a trusted key/,
    );
    const checkpointAsReceipt = noteOf(5);
    expect(checkReceipt(checkpointAsReceipt, keys).failure).toMatch(/Not a receipt/);
  });
});
