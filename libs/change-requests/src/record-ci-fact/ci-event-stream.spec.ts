import { type CiFact } from '@change-ledger/domain';
import { ciEventStream, ciFactIdentity, contentHashOf, isRedelivery } from './ci-event-stream';

const deployment = (): CiFact => ({
  source: 'github.com/acme/auth',
  id: 'run-1',
  kind: 'deployment',
  format: 'native',
  sourceType: 'deployment',
  occurredAt: '2026-03-01T10:00:00.000Z',
  actor: null,
  environment: 'production',
  service: 'auth',
  changeRequestId: null,
  commitSha: 'abc123',
  pullRequest: null,
  artifact: null,
  outcome: 'success',
  tests: { total: 3, failed: 0 },
  findings: null,
  incident: null,
  review: null,
});

describe('ciFactIdentity', () => {
  it('is the stream and content hash of the fact, worked out once per fact', () => {
    const fact = deployment();
    const identity = ciFactIdentity(fact);
    expect(identity).toEqual({
      streamId: ciEventStream(deployment()),
      contentHash: contentHashOf(deployment()),
    });
    expect(ciFactIdentity(fact)).toBe(identity);
    // Another object with other content has its own.
    expect(ciFactIdentity({ ...deployment(), outcome: 'failure' }).contentHash).not.toBe(
      identity.contentHash,
    );
  });

  it('freezes the fact, nested objects included, so its hash cannot go stale', () => {
    const fact = deployment();
    ciFactIdentity(fact);
    expect(() => {
      (fact as { outcome: string }).outcome = 'failure';
    }).toThrow(TypeError);
    expect(() => {
      fact.tests!.failed = 1;
    }).toThrow(TypeError);
    expect(ciFactIdentity(fact).contentHash).toBe(contentHashOf(deployment()));
  });
});

describe('isRedelivery', () => {
  const first = {
    fact: deployment(),
    contentHash: contentHashOf(deployment()),
    receivedAt: '2026-03-01T10:00:01.000Z',
  };
  const again = (changes: Partial<CiFact>, receivedAt = new Date('2026-03-01T10:00:09.000Z')) => {
    const fact = { ...deployment(), ...changes };
    return isRedelivery(first, fact, contentHashOf(fact), receivedAt);
  };

  it('is the same content, or the same content stamped with another time (a retried job)', () => {
    expect(again({})).toBe(true);
    expect(again({ occurredAt: '2026-03-01T10:00:07.512Z' })).toBe(true);
  });

  it('is the same content whenever it comes again, but another time only within the retry window', () => {
    const minutesAfter = (minutes: number) =>
      new Date(Date.parse(first.receivedAt) + minutes * 60_000);
    const stamped = (minutes: number) => ({
      occurredAt: minutesAfter(minutes).toISOString(),
    });
    expect(again({}, minutesAfter(3 * 24 * 60))).toBe(true);
    expect(again(stamped(14), minutesAfter(14))).toBe(true);
    // Days later under the same id, a pipeline re-run is a deployment of its own: a conflict.
    expect(again(stamped(3 * 24 * 60), minutesAfter(3 * 24 * 60))).toBe(false);
    // Received at once, but stamped a time far from the first: not a retry's stamp.
    expect(again(stamped(-3 * 24 * 60), minutesAfter(1))).toBe(false);
    expect(again(stamped(1), minutesAfter(16))).toBe(false);
  });

  it('is not a fact that says anything else, with or without another time', () => {
    expect(again({ outcome: 'failure' })).toBe(false);
    expect(again({ outcome: 'failure', occurredAt: '2026-03-01T10:00:07.512Z' })).toBe(false);
    expect(again({ environment: 'staging', occurredAt: '2026-03-01T10:00:07.512Z' })).toBe(false);
  });
});
