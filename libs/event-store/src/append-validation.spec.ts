import { assertExpectedRevision, validateAppend } from './append-validation';
import { InvalidAppendError, WrongExpectedRevisionError } from './event-store.errors';

const good = () => ({
  id: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  type: 'ChangeRequestSubmitted',
  data: { title: 'MFA' },
  metadata: {
    actor: { id: 'user-123', kind: 'user', roles: ['engineer'], authenticatedBy: 'oidc-jwt' },
    occurredAt: '2025-01-27T10:00:00+01:00',
    correlationId: 'c-1',
    source: { kind: 'api', requestId: 'r-1' },
  },
});

/** good() with `patch` over its metadata. */
const withMetadata = (patch: Record<string, unknown>) => ({
  ...good(),
  metadata: { ...good().metadata, ...patch },
});
/** good() with `patch` over its actor. */
const withActor = (patch: Record<string, unknown>) =>
  withMetadata({ actor: { ...good().metadata.actor, ...patch } });

function refusal(
  streamId: unknown,
  events: unknown,
  options: unknown = { expectedRevision: 'any' },
) {
  try {
    validateAppend(streamId, events, options);
  } catch (error) {
    if (error instanceof InvalidAppendError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('accepted');
}

describe('validateAppend', () => {
  describe('when the append is well formed', () => {
    it('returns the events normalised: lower-case id, explicit causation and schema version', () => {
      const [event] = validateAppend('change-request-CHG-2025-001', [good()], {
        expectedRevision: 0,
      });
      expect(event!.id).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
      expect(event!.metadata).toMatchObject({ causationId: null, schemaVersion: 1 });
    });

    it('keeps the policy entry a service acted under for a person’s step', () => {
      const actingUnder = { policyVersion: 'seed@1', policyEntry: 'services[0]', step: 'create' };
      const bot = {
        id: 'bot',
        kind: 'service',
        roles: [],
        authenticatedBy: 'api-token',
        actingUnder,
      };
      const [event] = validateAppend('s-1', [withMetadata({ actor: bot })], {
        expectedRevision: 'any',
      });
      expect(event!.metadata.actor).toEqual(bot);
    });
  });

  describe('when the append is bad', () => {
    it.each([
      ['an empty stream name', '', [good()], 'streamId'],
      ['a stream name with a space', 'change request', [good()], 'streamId'],
      ['a stream name over 200 characters', 'a'.repeat(201), [good()], 'streamId'],
      ['no events', 's-1', [], 'events'],
      [
        'an event type in snake case',
        's-1',
        [{ ...good(), type: 'change_approved' }],
        'events[0].type',
      ],
      ['a missing payload', 's-1', [{ ...good(), data: undefined }], 'events[0].data'],
      ['an array payload', 's-1', [{ ...good(), data: [1] }], 'events[0].data'],
      [
        'a function in the payload',
        's-1',
        [{ ...good(), data: { f: () => 1 } }],
        'events[0].data.f',
      ],
      ['a NUL in a string', 's-1', [{ ...good(), data: { s: 'a\u0000b' } }], 'events[0].data.s'],
      [
        'Infinity deep in the payload',
        's-1',
        [{ ...good(), data: { a: [{ b: Infinity }] } }],
        'events[0].data.a[0].b',
      ],
      [
        'a time without a zone',
        's-1',
        [withMetadata({ occurredAt: '2025-01-27T10:00:00' })],
        'events[0].metadata.occurredAt',
      ],
      [
        'an unknown actor kind',
        's-1',
        [withActor({ kind: 'robot' })],
        'events[0].metadata.actor.kind',
      ],
      [
        'a shared, role-less actor',
        's-1',
        [withActor({ roles: 'admin' })],
        'events[0].metadata.actor.roles',
      ],
      [
        'a person acting under a policy entry for services',
        's-1',
        [
          withActor({
            actingUnder: { policyVersion: 'p', policyEntry: 'services[0]', step: 'create' },
          }),
        ],
        'events[0].metadata.actor.actingUnder',
      ],
      [
        'a service acting under an entry that names no step',
        's-1',
        [
          withActor({
            kind: 'service',
            actingUnder: { policyVersion: 'p', policyEntry: 'services[0]' },
          }),
        ],
        'events[0].metadata.actor.actingUnder.step',
      ],
      [
        'an unknown metadata field',
        's-1',
        [withMetadata({ note: 'x' })],
        'events[0].metadata.note',
      ],
      ['no source', 's-1', [withMetadata({ source: undefined })], 'events[0].metadata.source'],
      [
        'a source of no known kind',
        's-1',
        [withMetadata({ source: { kind: 'fax' } })],
        'events[0].metadata.source',
      ],
      [
        "a source without its kind's fields",
        's-1',
        [withMetadata({ source: { kind: 'kafka', topic: 't' } })],
        'events[0].metadata.source',
      ],
    ])('refuses %s and names the field', (_case, streamId, events, field) => {
      expect(refusal(streamId, events)).toMatchObject({ field });
    });

    it('refuses the same id twice in one append', () => {
      expect(refusal('s-1', [good(), good()])).toEqual({
        code: 'EVENT_STORE.INVALID_EVENT_ID',
        field: 'events[1].id',
      });
    });

    it('refuses an expected revision that is neither a keyword nor a revision', () => {
      expect(refusal('s-1', [good()], { expectedRevision: -1 })).toMatchObject({
        field: 'expectedRevision',
      });
      expect(refusal('s-1', [good()], {})).toMatchObject({ field: 'expectedRevision' });
    });
  });
});

describe('assertExpectedRevision', () => {
  it.each([
    ['any', undefined],
    ['any', 3],
    ['no_stream', undefined],
    [3, 3],
  ] as const)('accepts %s when the stream is at %s', (expected, current) => {
    expect(() => assertExpectedRevision('s-1', expected, current)).not.toThrow();
  });

  it.each([
    ['no_stream', 0, 0],
    [2, 3, 3],
    [0, undefined, 'no_stream'],
  ] as const)('refuses %s when the stream is at %s', (expected, current, actual) => {
    expect(() => assertExpectedRevision('s-1', expected, current)).toThrow(
      WrongExpectedRevisionError,
    );
    try {
      assertExpectedRevision('s-1', expected, current);
    } catch (error) {
      expect(error).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', actual });
    }
  });
});
