import {
  command,
  create,
  fullyApproved,
  given,
  implement,
  implementer,
  nobody,
  policy,
  refusal,
  requester,
  securityTeam,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when rolled back', () => {
    it('is not rolled back by a principal with no role, and a review needs a reviewer role', () => {
      const history = given([requester, create()], ...fullyApproved(), [implementer, implement()]);
      const rollBack = command('RollBackChange', {
        reason: 'errors',
        incidentId: 'INC-1',
        severity: 'P3',
        policy,
      });
      expect(refusal(history, [nobody, rollBack])).toEqual({
        code: 'CHANGE_REQUEST.MISSING_ROLE',
        kind: 'forbidden',
      });
      const rolledBack = [...history, ...when(history, [implementer, rollBack])];
      expect(
        refusal(rolledBack, [
          nobody,
          command('RecordReview', { kind: 'post_incident', findings: 'n/a', policy }),
        ]),
      ).toEqual({ code: 'CHANGE_REQUEST.MISSING_ROLE', kind: 'forbidden' });
    });

    it('records the rollback as an incident that needs a post-incident review', () => {
      const history = given([requester, create()], ...fullyApproved(), [implementer, implement()]);
      const events = when(
        history,
        [
          implementer,
          command('RollBackChange', {
            reason: 'login errors',
            incidentId: 'INC-42',
            severity: 'P3',
            policy,
          }),
        ],
        '2025-01-31T10:00:00.000Z',
      );
      expect(types(events)).toEqual(['ChangeRolledBack', 'IncidentRecorded']);
      expect(events[1]!.data).toMatchObject({
        incidentId: 'INC-42',
        severity: 'P3',
        reviewDueAt: '2025-02-07T10:00:00.000Z',
      });
      const after = [...history, ...events];
      expect(stateAfter(after).status).toBe('rolled_back');

      const review = when(
        after,
        [
          securityTeam,
          command('RecordReview', {
            kind: 'post_incident',
            findings: 'Missing feature flag',
            policy,
          }),
        ],
        '2025-02-03T10:00:00.000Z',
      );
      expect(review[0]!.data).toMatchObject({ kind: 'post_incident', withinDeadline: true });
    });
  });
});
