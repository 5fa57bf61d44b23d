import { policy } from '../../change-request/testing/specs';
import { foldLegalHolds, type LegalHolds, type LegalHoldScope } from '../legal-hold';
import { type RetainedRecord } from '../retained-record';
import { addMonths, planRetention } from './retention-plan';

const asOf = new Date('2029-06-15T12:00:00.000Z');
const daysBefore = (date: Date, days: number) => new Date(date.getTime() - days * 86_400_000);
const threeYearsBefore = addMonths(asOf, -36);

function closedChange(id: string, closedAt: Date | null, systems = ['billing']): RetainedRecord {
  const at = (closedAt ?? daysBefore(threeYearsBefore, 30)).toISOString();
  return {
    streamId: `change-request-${id}`,
    kind: 'change_request',
    changeRequestId: id,
    systems,
    firstRecordedAt: daysBefore(new Date(at), 10).toISOString(),
    lastRecordedAt: at,
    closedAt: closedAt && at,
    lastRevision: 7,
    lastHash: 'a'.repeat(64),
  };
}

const noHolds: LegalHolds = new Map();
const streams = (plan: { streamId: string }[]) => plan.map((line) => line.streamId);

describe('Retention', () => {
  describe('when planned as of an instant', () => {
    it('prunes a change closed 3 years and a day ago, not one closed 3 years less a day ago', () => {
      const plan = planRetention(
        [
          closedChange('CHG-2026-001', daysBefore(threeYearsBefore, 1)),
          closedChange('CHG-2026-002', daysBefore(threeYearsBefore, -1)),
        ],
        noHolds,
        policy,
        asOf,
      );
      expect(plan.eligible).toEqual([
        {
          streamId: 'change-request-CHG-2026-001',
          kind: 'change_request',
          closedAt: '2026-06-14T12:00:00.000Z',
          eligibleSince: '2029-06-14T12:00:00.000Z',
          lastRevision: 7,
          lastHash: 'a'.repeat(64),
        },
      ]);
      expect(plan.cutoffs.change_request).toBe('2026-06-15T12:00:00.000Z');
      expect(plan.floor).toBe('2028-06-15T12:00:00.000Z');
    });

    it('never prunes an open change, however old', () => {
      expect(planRetention([closedChange('CHG-2020-001', null)], noHolds, policy, asOf)).toEqual(
        expect.objectContaining({ eligible: [], held: [] }),
      );
    });

    it('never prunes a record whose last event is younger than the 12-month floor', () => {
      const lateEvidence = {
        ...closedChange('CHG-2026-003', daysBefore(threeYearsBefore, 5)),
        lastRecordedAt: daysBefore(asOf, 30).toISOString(),
      };
      expect(planRetention([lateEvidence], noHolds, policy, asOf).eligible).toEqual([]);
    });

    it('counts each kind of record by its own period', () => {
      const receipt: RetainedRecord = {
        ...closedChange('x', daysBefore(asOf, 400)),
        streamId: 'ci-event-1',
        kind: 'ci_event',
        changeRequestId: null,
      };
      const shortCi = {
        ...policy,
        retention: {
          ...policy.retention,
          periodMonths: { ...policy.retention.periodMonths, ci_event: 12 },
        },
      };
      expect(streams(planRetention([receipt], noHolds, policy, asOf).eligible)).toEqual([]);
      expect(streams(planRetention([receipt], noHolds, shortCi, asOf).eligible)).toEqual([
        'ci-event-1',
      ]);
    });
  });

  describe('when a legal hold is in force', () => {
    const old = closedChange('CHG-2026-001', daysBefore(threeYearsBefore, 1), ['payments']);
    const placed = (scope: LegalHoldScope, until: string | null = null) => ({
      type: 'LegalHoldPlaced' as const,
      data: {
        holdId: 'hold-1',
        scope,
        reason: 'litigation',
        until,
        placedBy: 'sofia',
        placedAt: '2029-01-01T00:00:00.000Z',
      },
    });
    const released = {
      type: 'LegalHoldReleased' as const,
      data: {
        holdId: 'hold-1',
        reason: 'settled',
        releasedBy: 'sofia',
        releasedAt: '2029-06-01T00:00:00.000Z',
      },
    };

    it.each([
      ['the change request', { kind: 'change_request' as const, changeRequestId: 'CHG-2026-001' }],
      ['an affected system', { kind: 'system' as const, system: 'payments' }],
      [
        'a time range it was active in',
        { kind: 'time_range' as const, from: '2026-06-01T00:00:00Z', to: '2026-06-10T00:00:00Z' },
      ],
    ])('keeps a record held by %s, and lists it as held', (_by, scope) => {
      const plan = planRetention([old], foldLegalHolds([placed(scope)]), policy, asOf);
      expect(plan.eligible).toEqual([]);
      expect(plan.held).toEqual([
        expect.objectContaining({ streamId: old.streamId, holdIds: ['hold-1'] }),
      ]);
    });

    it('prunes it once the hold is released, or past its until', () => {
      const scope = { kind: 'change_request' as const, changeRequestId: 'CHG-2026-001' };
      expect(
        streams(
          planRetention([old], foldLegalHolds([placed(scope), released]), policy, asOf).eligible,
        ),
      ).toEqual([old.streamId]);
      expect(
        streams(
          planRetention(
            [old],
            foldLegalHolds([placed(scope, '2029-06-01T00:00:00Z')]),
            policy,
            asOf,
          ).eligible,
        ),
      ).toEqual([old.streamId]);
    });

    it('does not keep what it does not name', () => {
      const plan = planRetention(
        [old],
        foldLegalHolds([placed({ kind: 'system', system: 'billing' })]),
        policy,
        asOf,
      );
      expect(streams(plan.eligible)).toEqual([old.streamId]);
    });
  });

  describe('when months are added', () => {
    it('keeps the day, or takes the last day of a shorter month', () => {
      expect(addMonths(new Date('2024-02-29T08:00:00Z'), 12).toISOString()).toBe(
        '2025-02-28T08:00:00.000Z',
      );
      expect(addMonths(new Date('2026-01-31T00:00:00Z'), -36).toISOString()).toBe(
        '2023-01-31T00:00:00.000Z',
      );
    });
  });
});
