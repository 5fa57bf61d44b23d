import { type RecordedEvent } from '@change-ledger/event-store';
import { recordedBefore } from './as-of';

const recorded = (revision: number, recordedAt: string) =>
  ({ revision, metadata: { recordedAt } }) as RecordedEvent;

describe('recordedBefore', () => {
  const events = [
    recorded(0, '2026-03-01T09:00:00.000Z'),
    recorded(1, '2026-03-01T10:00:00.000Z'),
    recorded(2, '2026-03-01T09:30:00.000Z'), // a skewed clock: recorded after revision 1
  ];

  it('keeps the events recorded strictly before the instant', () => {
    expect(recordedBefore(events, new Date('2026-03-01T10:00:00.000Z'))).toEqual([events[0]]);
  });

  it('is a prefix of the stream: nothing after an event that was not yet recorded', () => {
    expect(recordedBefore(events, new Date('2026-03-01T09:45:00.000Z'))).toEqual([events[0]]);
  });

  it('keeps everything without an instant', () => {
    expect(recordedBefore(events, undefined)).toEqual(events);
  });
});
