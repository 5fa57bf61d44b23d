import {
  ciso,
  command,
  complete,
  create,
  createEmergency,
  fullyApproved,
  given,
  hotfix,
  implement,
  implementer,
  minutesIntoImplementation,
  policy,
  requester,
  securityTeam,
  verify,
  when,
} from '../change-request/testing/specs';
import { type ChangeRequestEvent } from '../change-request/change-request.events';
import { RetainedRecords, type RetentionEvent } from './retained-record';

/** Folds events as the store would hand them over: each with its stream, revision and hash. */
function recordOf(events: readonly RetentionEvent[], streamId = 'change-request-CHG-2025-001') {
  const records = new RetainedRecords();
  events.forEach((event, revision) =>
    records.add(
      { streamId, revision, recordedAt: '2025-03-01T00:00:00.000Z', hash: `h${revision}` },
      event,
    ),
  );
  return [...records.records()][0]!;
}

const review = (kind: 'post_hoc' | 'post_incident') =>
  command('RecordReview', { kind, findings: 'Reviewed', policy });
const rollBack = command('RollBackChange', {
  reason: 'errors',
  incidentId: 'INC-1',
  severity: 'P3',
  policy,
});

function completedChange(): ChangeRequestEvent[] {
  const history = given([requester, create()], ...fullyApproved(), [implementer, implement()]);
  const verified = [
    ...history,
    ...when(history, [implementer, verify(45)], minutesIntoImplementation(history, 45)),
  ];
  return [...verified, ...when(verified, [implementer, complete()], '2025-02-01T10:00:00.000Z')];
}

describe('Retention', () => {
  describe('when a change request closes', () => {
    it('starts its clock at the completion, and names it by id, systems and last hash', () => {
      const events = completedChange();
      expect(recordOf(events)).toEqual({
        streamId: 'change-request-CHG-2025-001',
        kind: 'change_request',
        changeRequestId: 'CHG-2025-001',
        systems: ['authentication-service', 'admin-ui'],
        firstRecordedAt: '2025-03-01T00:00:00.000Z',
        lastRecordedAt: '2025-03-01T00:00:00.000Z',
        closedAt: '2025-02-01T10:00:00.000Z',
        lastRevision: events.length - 1,
        lastHash: `h${events.length - 1}`,
      });
    });

    it('starts it at a rejection or a cancellation', () => {
      const submitted = given([requester, create()]);
      const rejected = when(
        submitted,
        [securityTeam, command('RejectChangeRequest', { role: null, reason: 'no', policy })],
        '2025-02-02T00:00:00.000Z',
      );
      expect(recordOf([...submitted, ...rejected]).closedAt).toBe('2025-02-02T00:00:00.000Z');
      const cancelled = when(
        submitted,
        [requester, command('CancelChangeRequest', { reason: 'not needed', policy })],
        '2025-02-03T00:00:00.000Z',
      );
      expect(recordOf([...submitted, ...cancelled]).closedAt).toBe('2025-02-03T00:00:00.000Z');
    });

    it('never starts it while the change is open', () => {
      expect(recordOf(given([requester, create()])).closedAt).toBeNull();
      const implementing = given([requester, create()], ...fullyApproved(), [
        implementer,
        implement(),
      ]);
      expect(recordOf(implementing).closedAt).toBeNull();
    });

    it('starts it for a rolled-back change only when its post-incident review is done', () => {
      const history = given([requester, create()], ...fullyApproved(), [implementer, implement()]);
      const rolledBack = [...history, ...when(history, [implementer, rollBack])];
      expect(recordOf(rolledBack).closedAt).toBeNull();
      const reviewed = when(
        rolledBack,
        [securityTeam, review('post_incident')],
        '2025-02-05T00:00:00.000Z',
      );
      expect(recordOf([...rolledBack, ...reviewed]).closedAt).toBe('2025-02-05T00:00:00.000Z');
    });

    it('stops it when a completed change is rolled back afterwards', () => {
      const completed = completedChange();
      expect(
        recordOf([...completed, ...when(completed, [implementer, rollBack])]).closedAt,
      ).toBeNull();
    });

    it('starts it for an emergency change only when its post-hoc review is done', () => {
      const history = given([requester, createEmergency(hotfix)], [implementer, implement()]);
      const verified = [
        ...history,
        ...when(history, [implementer, verify(45)], minutesIntoImplementation(history, 45)),
      ];
      const completed = [
        ...verified,
        ...when(verified, [implementer, complete()], '2025-02-01T10:00:00.000Z'),
      ];
      expect(completed.map((event) => event.type)).toContain('ChangeCompleted');
      expect(recordOf(completed).closedAt).toBeNull();
      const reviewed = when(completed, [ciso, review('post_hoc')], '2025-02-04T00:00:00.000Z');
      expect(recordOf([...completed, ...reviewed]).closedAt).toBe('2025-02-04T00:00:00.000Z');
    });
  });

  describe('when a CI event is received', () => {
    const fact = {
      source: 'github.com/acme/auth',
      id: 'run-1',
      kind: 'deployment' as const,
      format: 'native' as const,
      sourceType: 'deployment',
      occurredAt: '2025-01-01T00:00:00.000Z',
      actor: null,
      environment: 'production',
      service: 'billing',
      changeRequestId: null,
      commitSha: null,
      pullRequest: null,
      artifact: null,
      outcome: 'success' as const,
      tests: null,
      findings: null,
      incident: null,
      review: null,
    };
    const receipt = {
      fact,
      contentHash: 'c',
      receivedAt: '2025-01-01T00:01:00.000Z',
      reportedTimeFlags: [],
    };

    it('starts the clock of an unlinked deployment when the store recorded it, not when the receipt says', () => {
      const record = recordOf(
        [
          {
            type: 'CiEventReceived',
            data: { ...receipt, link: null, unauthorized: { reason: 'no change' } },
          },
        ],
        'ci-event-abc',
      );
      expect(record).toMatchObject({
        kind: 'unlinked_deployment',
        changeRequestId: null,
        systems: ['billing'],
        closedAt: '2025-03-01T00:00:00.000Z',
      });
    });

    it('names the change request a linked one belongs to', () => {
      const record = recordOf(
        [
          {
            type: 'CiEventReceived',
            data: {
              ...receipt,
              link: { changeRequestId: 'CHG-2025-001', linkedBy: 'change_request_id' },
              unauthorized: null,
            },
          },
        ],
        'ci-event-def',
      );
      expect(record).toMatchObject({ kind: 'ci_event', changeRequestId: 'CHG-2025-001' });
    });

    it('holds a linked one, raw message and all, to its change: open while the change is, closed when it closes', () => {
      const linked: RetentionEvent = {
        type: 'CiEventReceived',
        data: {
          ...receipt,
          link: { changeRequestId: 'CHG-2025-001', linkedBy: 'change_request_id' },
          unauthorized: null,
        },
      };
      const fold = (change: readonly RetentionEvent[]) => {
        const records = new RetainedRecords();
        records.add(
          {
            streamId: 'ci-event-ghi',
            revision: 0,
            recordedAt: '2025-01-10T00:00:00.000Z',
            hash: 'c0',
          },
          linked,
        );
        change.forEach((event, revision) =>
          records.add(
            {
              streamId: 'change-request-CHG-2025-001',
              revision,
              recordedAt: '2025-03-01T00:00:00.000Z',
              hash: `h${revision}`,
            },
            event,
          ),
        );
        return [...records.records()].find((record) => record.streamId === 'ci-event-ghi')!;
      };
      const open = given([requester, create()]);
      expect(fold(open).closedAt).toBeNull();
      expect(fold(completedChange()).closedAt).toBe('2025-02-01T10:00:00.000Z');
      // A change the store no longer holds leaves the fact its own clock.
      expect(fold([]).closedAt).toBe('2025-01-10T00:00:00.000Z');
    });
  });
});
