import { createHash } from 'node:crypto';
import { type NewEvent, type RecordedEvent } from '../event-envelope';
import canonicalize from 'canonicalize';
import {
  canonicalTemplate,
  fillTemplate,
  GENESIS_HASH,
  hashEvent,
  recordedMetadata,
  sealEvents,
} from './hash-chain';
import { verifyStream } from './verify-stream';

const metadata: NewEvent['metadata'] = {
  actor: { id: 'user-123', kind: 'user', roles: ['engineer'], authenticatedBy: 'api-token' },
  occurredAt: '2025-01-27T10:00:00Z',
  correlationId: 'corr-1',
  source: { kind: 'api', requestId: 'req-1' },
};

function event(n: number, data: NewEvent['data'] = { n }): NewEvent {
  return { id: `00000000-0000-4000-8000-00000000000${n}`, type: 'Noted', data, metadata };
}

/** What the store hands back: sealed events with a position. */
function recorded(events: NewEvent[]): RecordedEvent[] {
  return sealEvents(
    'change-request-CHG-2025-001',
    events,
    undefined,
    new Date('2025-01-27T10:00:01Z'),
  ).map((sealed) => ({
    id: sealed.id,
    streamId: sealed.streamId,
    revision: sealed.revision,
    position: { commit: 1n, prepare: BigInt(sealed.revision) },
    type: sealed.type,
    data: sealed.data,
    metadata: sealed.metadata,
    integrity: { prevHash: sealed.prevHash, hash: sealed.hash },
  }));
}

describe('hash chain', () => {
  describe('when an event is hashed', () => {
    it('hashes the RFC 8785 canonical form: keys sorted, no white space, shortest numbers', () => {
      const content = {
        streamId: 's-1',
        revision: 0,
        id: 'e',
        type: 'T',
        data: { b: 1e21, a: [0.1, 'é'] },
        metadata: {
          ...metadata,
          causationId: null,
          schemaVersion: 1,
          recordedAt: '2025-01-27T10:00:01.000Z',
        },
        prevHash: GENESIS_HASH,
      };
      // Written out by hand from RFC 8785 §3.2: sorted keys, 1e21 as "1e+21", UTF-8 as is.
      const canonical =
        '{"data":{"a":[0.1,"é"],"b":1e+21},"id":"e","metadata":{"actor":{"authenticatedBy":"api-token",' +
        '"id":"user-123","kind":"user","roles":["engineer"]},"causationId":null,"correlationId":"corr-1",' +
        '"occurredAt":"2025-01-27T10:00:00Z","recordedAt":"2025-01-27T10:00:01.000Z","schemaVersion":1,' +
        `"source":{"kind":"api","requestId":"req-1"}},"prevHash":"${GENESIS_HASH}","revision":0,"streamId":"s-1","type":"T"}`;

      expect(hashEvent(content)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
    });

    it('gives the same hash whatever order the keys were written in', () => {
      const [a] = recorded([event(1, { x: 1, y: { p: true, q: null } })]);
      const [b] = recorded([event(1, { y: { q: null, p: true }, x: 1 })]);
      expect(a!.integrity.hash).toBe(b!.integrity.hash);
    });
  });

  describe('when events are sealed onto a stream', () => {
    it('numbers them on from the last revision and links each to the hash before it', () => {
      const sealed = sealEvents(
        's-1',
        [event(1), event(2)],
        { revision: 4, hash: 'a'.repeat(64) },
        new Date(0),
      );
      expect(sealed.map((e) => e.revision)).toEqual([5, 6]);
      expect(sealed[0]!.prevHash).toBe('a'.repeat(64));
      expect(sealed[1]!.prevHash).toBe(sealed[0]!.hash);
      expect(sealed[0]!.metadata.recordedAt).toBe('1970-01-01T00:00:00.000Z');
    });
  });
  describe('when the canonical form is split around the chain link (the PostgreSQL append)', () => {
    it.each([
      ['plain data', { n: 1 }],
      [
        'sorted keys, shortest numbers and escapes',
        { z: [1e21, 0.1, -0], a: 'é "q" \\ \n \u2028', m: {} },
      ],
      [
        'astral characters and keys that sort by UTF-16 units',
        { '\u{1F600}': 1, '\uFB01': 2, é: [null] },
      ],
      ['deep nesting', { a: { b: { c: { d: [{ e: [true, false] }] } } } }],
    ])('fills to exactly the bytes hashEvent hashes: %s', (_case, data) => {
      const metadataAsStored = recordedMetadata(event(1, data), '2025-01-27T10:00:01.000Z');
      const content = {
        streamId: 'change-request-CHG-2025-001',
        id: event(1).id,
        type: 'Noted',
        data,
        metadata: metadataAsStored,
      };
      for (const [prevHash, revision] of [
        [GENESIS_HASH, 0],
        ['ab'.repeat(32), 9_007_199_254_740_991],
      ] as const) {
        const filled = fillTemplate(canonicalTemplate(content), prevHash, revision);
        expect(filled).toBe(canonicalize({ ...content, prevHash, revision }));
        expect(createHash('sha256').update(filled, 'utf8').digest('hex')).toBe(
          hashEvent({ ...content, prevHash, revision }),
        );
        // The store's time, as the database fills it in between the previous hash and the revision.
        const recordedAt = '2025-01-27T10:00:01.123456Z';
        const timed = fillTemplate(canonicalTemplate(content), prevHash, revision, recordedAt);
        expect(timed).toBe(canonicalize({ ...content, prevHash, revision, recordedAt }));
        expect(createHash('sha256').update(timed, 'utf8').digest('hex')).toBe(
          hashEvent({ ...content, prevHash, revision, recordedAt }),
        );
      }
    });
  });
});

describe('verifyStream', () => {
  it('accepts an untouched stream and returns its head hash', () => {
    const events = recorded([event(1), event(2), event(3)]);
    expect(verifyStream('change-request-CHG-2025-001', events)).toEqual({
      valid: true,
      streamId: 'change-request-CHG-2025-001',
      eventsChecked: 3,
      headHash: events[2]!.integrity.hash,
    });
  });

  it('names an event whose data was changed', () => {
    const events = recorded([event(1), event(2), event(3)]);
    events[1] = { ...events[1]!, data: { n: 99 } };
    expect(verifyStream('change-request-CHG-2025-001', events)).toMatchObject({
      valid: false,
      eventsChecked: 1,
      firstInvalid: { eventId: events[1]!.id, revision: 1, reason: 'content_altered' },
    });
  });

  it('names an event whose metadata was changed (who did it is evidence too)', () => {
    const events = recorded([event(1), event(2)]);
    events[0] = {
      ...events[0]!,
      metadata: { ...events[0]!.metadata, actor: { ...metadata.actor, id: 'someone-else' } },
    };
    expect(verifyStream('change-request-CHG-2025-001', events)).toMatchObject({
      firstInvalid: { revision: 0, reason: 'content_altered' },
    });
  });

  it('names the event after one that was removed', () => {
    const events = recorded([event(1), event(2), event(3)]);
    expect(verifyStream('change-request-CHG-2025-001', [events[0]!, events[2]!])).toMatchObject({
      firstInvalid: { eventId: events[2]!.id, reason: 'revision_gap' },
    });
  });

  it('names an event that no longer links to the one before it', () => {
    const events = recorded([event(1), event(2)]);
    events[1] = { ...events[1]!, integrity: { ...events[1]!.integrity, prevHash: 'f'.repeat(64) } };
    expect(verifyStream('change-request-CHG-2025-001', events)).toMatchObject({
      firstInvalid: { revision: 1, reason: 'chain_broken' },
    });
  });

  it('refuses events verified under another stream name', () => {
    const events = recorded([event(1)]);
    expect(verifyStream('change-request-CHG-2025-002', events)).toMatchObject({ valid: false });
  });
});
