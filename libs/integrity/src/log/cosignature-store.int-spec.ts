import { type Pool } from 'pg';
import {
  expectAppendOnly,
  useTestDatabase,
  withClient,
} from '../../../../test/support/test-database';
import { CosignatureStore, type StoredCosignature } from './cosignature-store';

const cosignature: StoredCosignature = {
  size: 3,
  witnessKey: 'witness.test/w1+01020304+BAAA',
  witnessName: 'witness.test/w1',
  cosignedAt: new Date('2026-03-01T09:00:00Z'),
  signatureLine: '\u2014 witness.test/w1 AQIDBA==\n',
  checkpointBody: 'test.example/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n',
};

describe('ledger_log.cosignatures', () => {
  const database = useTestDatabase();
  let sequencer: Pool;
  let reader: Pool;

  beforeAll(async () => {
    sequencer = database.rolePool('cosignatures test', 'ledger_sequencer');
    reader = database.rolePool('cosignatures test (reader)', 'ledger_reader');
    // The checkpoint it cosigns, as the log stored it: a cosignature of anything else is refused.
    await withClient(database.url, (db) =>
      db.query(
        `INSERT INTO ledger_log.checkpoints (tree_size, root_hash, origin, note, verifier_key, signed_at)
         VALUES (3, decode(repeat('00', 32), 'hex'), 'test.example/log', $1, 'k', now())`,
        [`${cosignature.checkpointBody}\n\u2014 test.example/log AAAA\n`],
      ),
    );
  });

  it('takes a cosignature from the sequencer once, and reads it back for the reader', async () => {
    await new CosignatureStore(sequencer).insert(cosignature);
    await new CosignatureStore(sequencer).insert({ ...cosignature, signatureLine: 'again\n' });
    const store = new CosignatureStore(reader);
    expect(await store.list()).toEqual([cosignature]);
    expect(await store.list(4)).toEqual([]);
    expect(await store.lastCosignedSize(cosignature.witnessKey)).toBe(3);
    expect(await store.lastCosignedSize('another')).toBeUndefined();
  });

  it('refuses a cosignature of a checkpoint the log does not hold', async () => {
    await expect(
      new CosignatureStore(sequencer).insert({
        ...cosignature,
        checkpointBody: `${cosignature.checkpointBody}x\n`,
      }),
    ).rejects.toThrow(/no checkpoint of 3 leaves with that text/);
  });

  it('is append-only, even for its owner; the reader may not insert', async () => {
    await expectAppendOnly(database.url, [
      'UPDATE ledger_log.cosignatures SET tree_size = 4',
      'DELETE FROM ledger_log.cosignatures',
      'TRUNCATE ledger_log.cosignatures',
    ]);
    await expect(new CosignatureStore(reader).insert({ ...cosignature, size: 5 })).rejects.toThrow(
      /permission denied/,
    );
  });
});
