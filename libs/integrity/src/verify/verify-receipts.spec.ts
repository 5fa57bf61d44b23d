import {
  type EventStore,
  type RecordedEvent,
  StreamDeletedError,
} from '@change-ledger/event-store';
import { type LeafRow, type LogStore, type StoredCheckpoint } from '../log/log-store';
import { formatCheckpoint } from '../note/checkpoint';
import { generateSignerKey, parseSignerKey, signNote } from '../note/signed-note';
import { signReceipt } from '../receipt/receipt';
import { type ReceiptEventStatus, verifyReceipts } from './verify-receipts';

const ORIGIN = 'ledger.example/log';
const logKey = parseSignerKey(generateSignerKey(ORIGIN));
const ID = '0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a';
const HASH = 'a'.repeat(64);
const RECORDED = new Date('2026-12-07T06:00:00Z');
const PROMISE = new Date('2026-12-07T06:05:00Z');
const LEAF: LeafRow = {
  leafIndex: 4,
  eventId: ID,
  streamId: 'change-request-CHG-2026-001',
  revision: 0,
  eventHash: HASH,
  position: { commit: 1n, prepare: 1n },
};

/** A stored checkpoint of `size`, signed with `key` at `time`. */
function checkpoint(size: number, time: Date | undefined, key = logKey): StoredCheckpoint {
  const root = Buffer.alloc(32, size);
  const note = signNote(formatCheckpoint({ origin: ORIGIN, size, root, time }), key);
  return { size, root, origin: ORIGIN, note, verifierKey: '', signedAt: '' };
}

/**
 * The log and the store as the verifier reads them: the leaves and checkpoints given, and the
 * leaf's event stored unless the stream is `gone` (removed) or `pruned` (by a retention run).
 */
async function verdictOf(given: {
  leaf?: LeafRow;
  checkpoints?: StoredCheckpoint[];
  stream?: 'stored' | 'gone' | 'pruned';
  now?: Date;
  note?: string;
}): Promise<ReceiptEventStatus> {
  const log = {
    leafOf: async (id: string) => (given.leaf?.eventId === id ? given.leaf : undefined),
    checkpoints: async () => given.checkpoints ?? [],
  } as Partial<LogStore> as LogStore;
  const store = {
    readStream: async (): Promise<Partial<RecordedEvent>[]> => {
      if (given.stream === 'pruned') throw new StreamDeletedError(LEAF.streamId, 'run-1');
      return given.stream === 'gone' ? [] : [{ id: ID, revision: 0 }];
    },
  } as Partial<EventStore> as EventStore;
  const note =
    given.note ??
    signReceipt(
      {
        origin: ORIGIN,
        includeBy: PROMISE,
        events: [{ id: ID, hash: HASH, recordedAt: RECORDED }],
      },
      logKey,
    );
  const result = await verifyReceipts({
    store,
    log,
    verifiers: [logKey],
    receipts: [{ source: 'kept/one.receipt', note }],
    now: given.now ?? new Date('2026-12-08T00:00:00Z'),
  });
  expect(result.valid).toBe(result.failures.length === 0);
  return result.verdicts[0]!.status;
}

const onTime = new Date('2026-12-07T06:00:10Z');

describe('verifyReceipts', () => {
  it('passes an event whose first covering checkpoint was signed by the promise', async () => {
    const checkpoints = [checkpoint(3, RECORDED), checkpoint(5, onTime), checkpoint(9, new Date())];
    await expect(verdictOf({ leaf: LEAF, checkpoints })).resolves.toBe('included');
  });

  it('names an event first covered after the promise, or by a checkpoint stating no time', async () => {
    const late = new Date('2026-12-07T06:05:01Z');
    await expect(verdictOf({ leaf: LEAF, checkpoints: [checkpoint(5, late)] })).resolves.toBe(
      'included_late',
    );
    await expect(verdictOf({ leaf: LEAF, checkpoints: [checkpoint(5, undefined)] })).resolves.toBe(
      'included_late',
    );
  });

  it('takes as evidence only checkpoints the log key signed', async () => {
    const forged = checkpoint(5, onTime, parseSignerKey(generateSignerKey(ORIGIN)));
    await expect(verdictOf({ leaf: LEAF, checkpoints: [forged] })).resolves.toBe('not_included');
  });

  it('names an event without a leaf, or whose leaf holds another hash, once the promise passed', async () => {
    await expect(verdictOf({ checkpoints: [checkpoint(5, onTime)] })).resolves.toBe('not_included');
    const replaced = { ...LEAF, eventHash: 'b'.repeat(64) };
    await expect(verdictOf({ leaf: replaced, checkpoints: [checkpoint(5, onTime)] })).resolves.toBe(
      'not_included',
    );
  });

  it('waits, without failing, for an event whose promise is still ahead', async () => {
    await expect(verdictOf({ now: RECORDED })).resolves.toBe('pending');
    await expect(verdictOf({ leaf: LEAF, now: RECORDED })).resolves.toBe('pending');
  });

  it('reports a pruned stream as pruned, and a removed event as missing', async () => {
    const checkpoints = [checkpoint(5, onTime)];
    await expect(verdictOf({ leaf: LEAF, checkpoints, stream: 'pruned' })).resolves.toBe('pruned');
    await expect(verdictOf({ leaf: LEAF, checkpoints, stream: 'gone' })).resolves.toBe(
      'event_missing',
    );
  });

  it('names a file that is not a receipt of this log', async () => {
    const checkpointNote = checkpoint(5, onTime).note;
    await expect(verdictOf({ note: checkpointNote })).resolves.toBe('invalid_receipt');
  });
});
