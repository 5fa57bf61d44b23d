import { type ContentInput } from '../change-request.commands';
import {
  amend,
  create,
  createEmergency,
  fullyApproved,
  given,
  hotfix,
  implement,
  implementer,
  mfa,
  refusedWith,
  requester,
  rollbackPlan,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when its content is amended after an approval', () => {
    it('voids the approvals given so far and awaits approval again', () => {
      const history = given([requester, create()], ...fullyApproved());
      const events = when(history, [
        requester,
        amend({ testPlan: 'Test MFA enrollment, login flow and fallback' }),
      ]);
      expect(types(events)).toEqual(['ChangeRequestAmended', 'ApprovalsVoided']);
      expect(stateAfter([...history, ...events])).toMatchObject({
        status: 'pending_approval',
        approvals: [],
        contentVersion: 2,
      });
    });

    it('refuses what would make an invalid change request, naming the field', () => {
      const history = given([requester, create()]);
      const invalid = (changes: object) =>
        refusedWith(history, [requester, amend(changes as Partial<ContentInput>)]);
      const cases: Array<[object, string]> = [
        [{ title: null }, 'title'],
        [{ title: '  ' }, 'title'],
        [{ description: 42 }, 'description'],
        [{ affectedSystems: null }, 'affected_systems'],
        [{ affectedSystems: [''] }, 'affected_systems[0]'],
        [{ rollbackPlan: null }, 'rollback_plan'],
        [
          { rollbackPlan: { ...rollbackPlan, timeEstimateMinutes: 1e12 } },
          'rollback_plan.time_estimate_minutes',
        ],
        [{ priority: 'urgent' }, 'priority'],
        [{ testingRequired: 'yes' }, 'testing_required'],
        [{ scheduledFor: 'soon' }, 'scheduled_for'],
      ];
      for (const [changes, field] of cases) {
        const error = invalid(changes);
        expect({ kind: error.kind, field: error.context.field }).toEqual({
          kind: 'invalid',
          field,
        });
      }
      expect(stateAfter(history).content.title).toBe(mfa.title);
    });

    it('records nothing when nothing changed', () => {
      expect(when(given([requester, create()]), [requester, amend({ title: mfa.title })])).toEqual(
        [],
      );
    });
  });

  describe('when it is an emergency change', () => {
    it('is documented when its record is complete, and says whether that was within 24 hours', () => {
      const history = given([requester, createEmergency(hotfix)]);
      const implemented = [
        ...history,
        ...when(history, [implementer, implement()], '2025-01-27T12:00:00.000Z'),
      ];
      const late = when(
        implemented,
        [
          requester,
          amend({
            rollbackPlan,
            riskLevel: 'high',
            riskAssessment: 'RCE exposure',
            testPlan: 'Exploit PoC fails',
          }),
        ],
        '2025-01-28T13:00:00.000Z',
      );
      expect(types(late)).toEqual(['ChangeRequestAmended', 'EmergencyChangeDocumented']);
      expect(late[1]!.data).toMatchObject({
        dueAt: '2025-01-28T12:00:00.000Z',
        withinDeadline: false,
      });
    });
  });
});
