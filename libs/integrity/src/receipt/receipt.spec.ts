import { parseCheckpoint } from '../note/checkpoint';
import { generateSignerKey, parseSignerKey, signNote } from '../note/signed-note';
import { formatReceipt, openReceipt, parseReceipt, type Receipt, signReceipt } from './receipt';
import { ReceiptingEventStore, WriteReceipts } from './write-receipts';

const ORIGIN = 'ledger.example/log';
const logKey = parseSignerKey(generateSignerKey(ORIGIN));
const receipt: Receipt = {
  origin: ORIGIN,
  includeBy: new Date('2026-12-07T06:05:00Z'),
  events: [
    {
      id: '0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a',
      hash: 'a'.repeat(64),
      recordedAt: new Date('2026-12-07T06:00:00Z'),
    },
    {
      id: '1c1f5a57-6f0e-4c55-9a53-3d5b1f0e2c8b',
      hash: 'b'.repeat(64),
      recordedAt: new Date('2026-12-07T06:00:00Z'),
    },
  ],
};

/** The note with one line of its text replaced, the signature kept. */
function tampered(note: string, from: string, to: string): string {
  expect(note).toContain(from);
  return note.replace(from, to);
}

describe('Receipt', () => {
  describe('when signed with the log key', () => {
    const note = signReceipt(receipt, logKey);

    it('names the log, the format, the promise and each event with its hash and time', () => {
      expect(note.split('\n\n')[0]!.split('\n')).toEqual([
        ORIGIN,
        'change-ledger/receipt/v1',
        'include-by 1796623500',
        `event 0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a ${'a'.repeat(64)} 1796623200`,
        `event 1c1f5a57-6f0e-4c55-9a53-3d5b1f0e2c8b ${'b'.repeat(64)} 1796623200`,
      ]);
    });

    it('opens with the log key into what was signed', () => {
      expect(openReceipt(note, [logKey])).toEqual(receipt);
    });

    it('refuses a changed hash', () => {
      const changed = tampered(note, 'a'.repeat(64), 'c'.repeat(64));
      expect(() => openReceipt(changed, [logKey])).toThrow(/does not verify/);
    });

    it('refuses a later promise', () => {
      const changed = tampered(note, 'include-by 1796623500', 'include-by 1796623999');
      expect(() => openReceipt(changed, [logKey])).toThrow(/does not verify/);
    });

    it('refuses another key, even one named after the log', () => {
      const impostor = parseSignerKey(generateSignerKey(ORIGIN));
      expect(() => openReceipt(note, [impostor])).toThrow(/No signature of a trusted key/);
      expect(() => openReceipt(signReceipt(receipt, impostor), [logKey])).toThrow(
        /No signature of a trusted key/,
      );
    });

    it('refuses a key of another name, whatever it signed', () => {
      const other = parseSignerKey(generateSignerKey('someone.else/log'));
      expect(() => openReceipt(signReceipt(receipt, other), [logKey, other])).toThrow(
        /not signed by a key of that log/,
      );
    });

    it('can never be read as a checkpoint', () => {
      expect(() => parseCheckpoint(formatReceipt(receipt))).toThrow(/Not a checkpoint/);
    });
  });

  it('refuses a checkpoint signed by the log key as a receipt', () => {
    const checkpoint = signNote(`${ORIGIN}\n3\n${Buffer.alloc(32).toString('base64')}\n`, logKey);
    expect(() => openReceipt(checkpoint, [logKey])).toThrow(/Not a receipt/);
  });

  it.each([
    ['no event', `${ORIGIN}\nchange-ledger/receipt/v1\ninclude-by 1\n`],
    ['an upper-case hash', formatReceipt(receipt).replace('a'.repeat(64), 'A'.repeat(64))],
    [
      'a time that is not unix seconds',
      formatReceipt(receipt).replace('include-by 1796623500', 'include-by 2026-12-07'),
    ],
    ['an extra field', formatReceipt(receipt).replace(' 1796623200\n', ' 1796623200 x\n')],
    ['another format', formatReceipt(receipt).replace('receipt/v1', 'receipt/v2')],
  ])('refuses a text with %s', (_, text) => {
    expect(() => parseReceipt(text)).toThrow(/Not a receipt/);
  });
});

describe('WriteReceipts', () => {
  const source = { kind: 'api' as const, requestId: 'req-1' };
  const event = (id: string, requestId: string) => ({
    id,
    type: 'Happened',
    data: {},
    metadata: {
      actor: { id: 'a', kind: 'user' as const, roles: [], authenticatedBy: 'test' },
      occurredAt: '2026-12-07T06:00:00Z',
      correlationId: 'c',
      source: { kind: 'api' as const, requestId },
    },
  });
  const stored = (id: string) => ({
    id,
    hash: 'd'.repeat(64),
    recordedAt: '2026-12-07T06:00:00.500Z',
  });

  it('signs one receipt per write, listing only that write’s events of a shared append', async () => {
    const receipts = new WriteReceipts({
      signer: logKey,
      origin: ORIGIN,
      maxMergeDelaySeconds: 60,
    });
    const ids = ['0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a', '1c1f5a57-6f0e-4c55-9a53-3d5b1f0e2c8b'];
    const inner = {
      appendToStreams: async () => [
        {
          nextExpectedRevision: 0,
          position: { commit: 1n, prepare: 1n },
          events: [stored(ids[0]!)],
        },
        {
          nextExpectedRevision: 0,
          position: { commit: 1n, prepare: 2n },
          events: [stored(ids[1]!)],
        },
      ],
    };
    const store = new ReceiptingEventStore(inner as never, receipts);
    const key = receipts.begin(source);
    await store.appendToStreams([
      { streamId: 's-1', events: [event(ids[0]!, 'req-1')], expectedRevision: 'no_stream' },
      { streamId: 's-2', events: [event(ids[1]!, 'req-2')], expectedRevision: 'no_stream' },
    ]);
    const answer = receipts.receiptFor(receipts.end(key));
    const opened = openReceipt(answer.receipt!, [logKey]);
    expect(opened.events.map((one) => one.id)).toEqual([ids[0]]);
    // Whole seconds, as checkpoints state their time: the promise is never later than MMD.
    expect(opened.includeBy).toEqual(new Date('2026-12-07T06:01:00Z'));
  });

  it('says why there is no receipt rather than leaving it out', () => {
    const keyless = new WriteReceipts({ origin: ORIGIN, unavailableBecause: 'no key here' });
    expect(keyless.receiptFor([stored('0b0f5a57-6f0e-4c55-9a53-3d5b1f0e2c8a')])).toEqual({
      receipt: null,
      receipt_unavailable: 'no key here',
    });
    const signing = new WriteReceipts({ signer: logKey, origin: ORIGIN });
    expect(signing.receiptFor([])).toEqual({
      receipt: null,
      receipt_unavailable: 'this request recorded no new event',
    });
  });
});
