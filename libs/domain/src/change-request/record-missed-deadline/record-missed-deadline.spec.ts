import { type ContentInput } from '../change-request.commands';
import {
  command,
  create,
  createEmergency,
  fullyApproved,
  given,
  implement,
  implementer,
  requester,
  stateAfter,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when a deadline passes', () => {
    const missed = (deadline: 'approval' | 'emergency_documentation') =>
      command('RecordMissedDeadline', { deadline });

    it('records the approval timeout once it is past, and only once', () => {
      const history = given([requester, create()]); // high priority: due 24 h after submission
      const dueAt = stateAfter(history).approvalDue!.dueAt;
      const late = new Date(Date.parse(dueAt) + 60_000).toISOString();
      expect(
        when(
          history,
          [requester, missed('approval')],
          new Date(Date.parse(dueAt) - 60_000).toISOString(),
        ),
      ).toEqual([]);
      const events = when(history, [requester, missed('approval')], late);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'DeadlineMissed',
          data: expect.objectContaining({ deadline: 'approval', dueAt }),
        }),
      ]);
      expect(when([...history, ...events], [requester, missed('approval')], late)).toEqual([]);
    });

    it('records nothing for a deadline that was met', () => {
      const history = given([requester, create()], ...fullyApproved());
      expect(when(history, [requester, missed('approval')], '2030-01-01T00:00:00.000Z')).toEqual(
        [],
      );
    });

    it('records an emergency change left undocumented past 24 hours', () => {
      const hotfix: ContentInput = {
        title: 'Hotfix',
        description: 'P1',
        changeType: 'security',
        priority: 'critical',
        affectedSystems: ['api'],
      };
      const history = [...given([requester, createEmergency(hotfix)])];
      const implemented = [
        ...history,
        ...when(history, [implementer, implement()], '2025-03-03T08:00:00.000Z'),
      ];
      const events = when(
        implemented,
        [requester, missed('emergency_documentation')],
        '2025-03-04T08:00:01.000Z',
      );
      expect(events).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({
            deadline: 'emergency_documentation',
            dueAt: '2025-03-04T08:00:00.000Z',
          }),
        }),
      ]);
    });
  });
});
