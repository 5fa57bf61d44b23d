import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PostgresEventStore } from '@change-ledger/event-store';
import { type Pool } from 'pg';
import { expectAppendOnly, useTestDatabase } from '../../../../test/support/test-database';
import { newEvent } from '../../../event-store/src/testing/event-store.contract';
import { Checkpointer } from '../checkpoint/checkpointer';
import { CheckpointPublisher, directoryTarget } from '../checkpoint/publication';
import { eventLeafHash } from '../merkle/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../merkle/proofs';
import { parseCheckpoint } from '../note/checkpoint';
import { generateSignerKey, openNote, parseSignerKey } from '../note/signed-note';
import { LogStore } from './log-store';
import { Sequencer } from './sequencer';

const event = (n: number) => newEvent('Noted', { n });

describe('Sequencer and Checkpointer', () => {
  const database = useTestDatabase();
  let store: PostgresEventStore;
  let pool: Pool;
  /**
   * What a test started, stopped after it whether it passed or not: a sequencer left running
   * retries against the dropped database forever, and jest never exits (the CI hang of issue 23).
   */
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeAll(() => {
    store = database.writerStore();
    pool = database.rolePool('sequencer test', 'ledger_sequencer');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((started) => started.stop()));
  });

  it('gives every event one dense leaf, live, and proves inclusion and consistency', async () => {
    for (let i = 0; i < 5; i++)
      await store.appendToStream(`s-${i % 2}`, [event(i)], { expectedRevision: 'any' });
    const sequencer = new Sequencer({ store, pool, lingerMs: 5 });
    running.push(sequencer);
    sequencer.start();
    const log = new LogStore(pool);
    const waitFor = async (size: number) => {
      for (let i = 0; i < 200 && (await log.size()) < size; i++)
        await new Promise((r) => setTimeout(r, 25));
    };
    await waitFor(5);
    for (let i = 5; i < 13; i++)
      await store.appendToStream(`s-${i % 3}`, [event(i), event(i + 100)], {
        expectedRevision: 'any',
      });
    await waitFor(21);
    await sequencer.stop();
    expect(await log.size()).toBe(21);

    const all = await store.readAll({ maxCount: 100 });
    const leaves = await log.leaves(0, 100);
    expect(leaves.map((leaf) => leaf.eventId)).toEqual(all.map((e) => e.id));
    expect(leaves.map((leaf) => leaf.leafIndex)).toEqual([...Array(21).keys()]);

    const dir = await mkdtemp(path.join(tmpdir(), 'checkpoints-'));
    const signer = parseSignerKey(generateSignerKey('test.example/log'));
    const publisher = new CheckpointPublisher([directoryTarget(dir)]);
    running.push(publisher);
    const checkpointer = new Checkpointer({ pool, signer, publisher, intervalMs: 0 });
    const first = await checkpointer.checkpoint();
    await publisher.settled();
    const published = await readFile(path.join(dir, '21.checkpoint'), 'utf8');
    expect(published).toBe(first!.note);
    expect(await readFile(path.join(dir, 'latest'), 'utf8')).toBe(first!.note);
    const body = parseCheckpoint(openNote(published, [signer]).text);
    expect(body).toMatchObject({ origin: 'test.example/log', size: 21 });

    for (let m = 0; m < 21; m++) {
      const proof = await log.inclusionProof(m, 21);
      expect(verifyInclusion(m, 21, eventLeafHash(leaves[m]!.eventHash), proof, body.root)).toBe(
        true,
      );
    }
    expect((await checkpointer.checkpoint())!.size).toBe(21); // nothing new: no new checkpoint

    await store.appendToStream('s-9', [event(99)], { expectedRevision: 'any' });
    expect(await new Sequencer({ store, pool }).catchUp()).toBe(1);
    const second = await checkpointer.checkpoint();
    expect(second!.size).toBe(22);
    const proof = await log.consistencyProof(21, 22);
    expect(verifyConsistency(21, 22, body.root, second!.root, proof)).toBe(true);
    await publisher.stop();
  });

  it('refuses to change or remove a leaf, a node or a checkpoint, even as owner', async () => {
    await expectAppendOnly(database.url, [
      'UPDATE ledger_log.leaves SET revision = 7',
      'DELETE FROM ledger_log.tree_nodes',
      'TRUNCATE ledger_log.checkpoints',
    ]);
    await expect(pool.query('DELETE FROM ledger_log.leaves')).rejects.toThrow();
  });
});
