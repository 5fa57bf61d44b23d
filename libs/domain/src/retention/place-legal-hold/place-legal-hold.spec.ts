import { person, policy } from '../../change-request/testing/specs';
import { refusalOf } from '../../testing/refusal';
import { foldLegalHolds } from '../legal-hold';
import { RetentionError } from '../retention.errors';
import { type LegalHoldEvent } from '../retention.events';
import { type PlaceLegalHold, placeLegalHold } from './place-legal-hold';
import { type ReleaseLegalHold, releaseLegalHold } from '../release-legal-hold/release-legal-hold';

const securityOfficer = person('sofia', 'security-officer');
const auditor = person('audra', 'auditor');
const engineer = person('user-123', 'engineer');
const at = '2029-01-01T00:00:00.000Z';
const recorded = { kind: 'recorded' } as const;

const place = (
  actor = securityOfficer,
  data: Partial<PlaceLegalHold['data']> = {},
): PlaceLegalHold => ({
  type: 'PlaceLegalHold',
  data: {
    holdId: 'hold-1',
    scope: { kind: 'change_request', changeRequestId: 'CHG-2026-001' },
    reason: 'litigation: Acme v. Example',
    until: null,
    ...data,
  },
  metadata: { actor, at },
});
const release = (actor = securityOfficer, holdId = 'hold-1'): ReleaseLegalHold => ({
  type: 'ReleaseLegalHold',
  data: { holdId, reason: 'settled' },
  metadata: { actor, at: '2029-02-01T00:00:00.000Z' },
});

const refusal = (decide: () => LegalHoldEvent[]) => refusalOf(RetentionError, decide);

describe('Legal hold', () => {
  describe('when placed', () => {
    it('records who, why, what and until when', () => {
      expect(
        placeLegalHold(
          place(auditor, { until: '2030-01-01T00:00:00.000Z' }),
          new Map(),
          policy,
          recorded,
        ),
      ).toEqual([
        {
          type: 'LegalHoldPlaced',
          data: {
            holdId: 'hold-1',
            scope: { kind: 'change_request', changeRequestId: 'CHG-2026-001' },
            reason: 'litigation: Acme v. Example',
            until: '2030-01-01T00:00:00.000Z',
            placedBy: 'audra',
            placedAt: at,
          },
        },
      ]);
    });

    it('is refused to a service, whatever roles it holds, placing or releasing', () => {
      const service = { id: 'grc-bot', kind: 'service' as const, roles: ['security-officer'] };
      expect(refusal(() => placeLegalHold(place(service), new Map(), policy, recorded))).toEqual({
        code: 'LEGAL_HOLD.NOT_A_PERSON',
        kind: 'forbidden',
      });
      const holds = foldLegalHolds(placeLegalHold(place(), new Map(), policy, recorded));
      expect(refusal(() => releaseLegalHold(release(service), holds, policy))).toEqual({
        code: 'LEGAL_HOLD.NOT_A_PERSON',
        kind: 'forbidden',
      });
    });

    it('is refused to a role the policy does not name, and without a reason', () => {
      expect(refusal(() => placeLegalHold(place(engineer), new Map(), policy, recorded))).toEqual({
        code: 'LEGAL_HOLD.MISSING_ROLE',
        kind: 'forbidden',
      });
      expect(
        refusal(() =>
          placeLegalHold(place(securityOfficer, { reason: ' ' }), new Map(), policy, recorded),
        ),
      ).toEqual({
        code: 'LEGAL_HOLD.INVALID',
        kind: 'invalid',
      });
    });

    it('refuses an until in the past and a time range that ends before it starts', () => {
      expect(
        refusal(() =>
          placeLegalHold(
            place(securityOfficer, { until: '2028-01-01T00:00:00Z' }),
            new Map(),
            policy,
            recorded,
          ),
        ),
      ).toEqual({ code: 'LEGAL_HOLD.INVALID', kind: 'invalid' });
      expect(
        refusal(() =>
          placeLegalHold(
            place(securityOfficer, {
              scope: {
                kind: 'time_range',
                from: '2027-01-01T00:00:00Z',
                to: '2026-01-01T00:00:00Z',
              },
            }),
            new Map(),
            policy,
            recorded,
          ),
        ),
      ).toEqual({ code: 'LEGAL_HOLD.INVALID', kind: 'invalid' });
    });
  });

  it('is refused on a change request never recorded, or already pruned, and not on a system or a time range', () => {
    expect(
      refusal(() => placeLegalHold(place(), new Map(), policy, { kind: 'never_recorded' })),
    ).toEqual({ code: 'LEGAL_HOLD.UNKNOWN_CHANGE_REQUEST', kind: 'not_found' });
    expect(
      refusal(() =>
        placeLegalHold(place(), new Map(), policy, { kind: 'pruned', prunedByRun: 'run-1' }),
      ),
    ).toEqual({ code: 'LEGAL_HOLD.ALREADY_PRUNED', kind: 'conflict' });
    const bySystem = place(securityOfficer, { scope: { kind: 'system', system: 'billing' } });
    expect(placeLegalHold(bySystem, new Map(), policy, { kind: 'never_recorded' })).toHaveLength(1);
  });

  describe('when released', () => {
    const held = foldLegalHolds(placeLegalHold(place(), new Map(), policy, recorded));

    it('is released by a role the policy names for it, once', () => {
      const events = releaseLegalHold(release(), held, policy);
      expect(events).toEqual([
        {
          type: 'LegalHoldReleased',
          data: {
            holdId: 'hold-1',
            reason: 'settled',
            releasedBy: 'sofia',
            releasedAt: '2029-02-01T00:00:00.000Z',
          },
        },
      ]);
      const after = foldLegalHolds([
        ...placeLegalHold(place(), new Map(), policy, recorded),
        ...events,
      ]);
      expect(refusal(() => releaseLegalHold(release(), after, policy))).toEqual({
        code: 'LEGAL_HOLD.ALREADY_RELEASED',
        kind: 'conflict',
      });
    });

    it('is not released by an auditor, who may only place one', () => {
      expect(refusal(() => releaseLegalHold(release(auditor), held, policy))).toEqual({
        code: 'LEGAL_HOLD.MISSING_ROLE',
        kind: 'forbidden',
      });
      expect(
        refusal(() => releaseLegalHold(release(securityOfficer, 'hold-9'), held, policy)),
      ).toEqual({
        code: 'LEGAL_HOLD.NOT_FOUND',
        kind: 'not_found',
      });
    });
  });
});
