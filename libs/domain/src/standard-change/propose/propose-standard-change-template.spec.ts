import { policy } from '../../change-request/testing/specs';
import {
  givenTemplate,
  templateAfter,
  templateRefusal,
  whenTemplate,
} from '../testing/template-specs';
import { feeChange, manager, person, proposer, templateSteps } from '../testing/template-steps';

const { propose } = templateSteps(policy);
const ID = 'payment-fee-update';

describe('StandardChangeTemplate', () => {
  describe('when proposed', () => {
    it('records version 1 for the CAB roles the policy names, and pre-approves nothing yet', () => {
      const events = whenTemplate(ID, [], [proposer, propose()]);
      expect(events).toEqual([
        {
          type: 'StandardChangeTemplateProposed',
          data: expect.objectContaining({
            templateId: ID,
            by: 'pat',
            version: 1,
            requiredApprovals: [
              { role: 'change-manager' },
              { role: 'engineering-manager' },
              { role: 'security-team' },
            ],
            policyVersion: 'spec@1',
          }),
        },
      ]);
      expect(templateAfter(events)).toMatchObject({ status: 'proposed', current: null });
    });

    it('takes change types by the names requesters use, and keeps each once', () => {
      const [proposed] = whenTemplate(
        ID,
        [],
        [proposer, propose({ ...feeChange, changeTypes: ['security_enhancement', 'security'] })],
      );
      expect(proposed!.data).toMatchObject({ definition: { changeTypes: ['security'] } });
    });

    it.each([
      ['change_types', { changeTypes: ['refactor'] }, 'change_types[0]'],
      ['max_priority', { maxPriority: 'urgent' }, 'max_priority'],
      ['max_risk_level', { maxRiskLevel: 'none' }, 'max_risk_level'],
      ['affected_systems', { affectedSystems: [] }, 'affected_systems'],
      [
        'rollback_plan',
        { rollbackPlan: { ...feeChange.rollbackPlan, steps: [] } },
        'rollback_plan',
      ],
      ['test_plan_required', { testPlanRequired: 'yes' }, 'test_plan_required'],
    ])('refuses a bad %s, naming the field', (_name, change, field) => {
      try {
        whenTemplate(ID, [], [proposer, propose({ ...feeChange, ...(change as object) })]);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toMatchObject({ code: 'STANDARD_CHANGE_TEMPLATE.INVALID', kind: 'invalid' });
        expect((error as { fields: unknown }).fields).toEqual([
          { field, reason: expect.any(String) },
        ]);
      }
    });

    it('refuses an id that is not a slug', () => {
      expect(templateRefusal('Fees/../x', [], [proposer, propose()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.INVALID',
        kind: 'invalid',
      });
    });

    it('is a person’s step, by a role the policy lets propose', () => {
      const service = { id: 'renovate-bot', kind: 'service' as const, roles: ['engineer'] };
      expect(templateRefusal(ID, [], [service, propose()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.PERSONS_ONLY',
        kind: 'forbidden',
      });
      expect(templateRefusal(ID, [], [person('audra', 'auditor'), propose()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
        kind: 'forbidden',
      });
    });

    it('refuses a second template under the same id, and a revision of one that does not exist', () => {
      const proposed = givenTemplate(ID, [proposer, propose()]);
      expect(templateRefusal(ID, proposed, [proposer, propose()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.ALREADY_EXISTS',
        kind: 'conflict',
      });
      expect(templateRefusal(ID, [], [proposer, propose(feeChange, true)])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.NOT_FOUND',
        kind: 'not_found',
      });
    });

    it('takes one proposal at a time, and numbers a revision after the last version given', () => {
      const proposed = givenTemplate(ID, [proposer, propose()]);
      expect(templateRefusal(ID, proposed, [manager, propose(feeChange, true)])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.PROPOSAL_PENDING',
        kind: 'conflict',
      });
      const rejected = [
        ...proposed,
        ...whenTemplate(ID, proposed, [manager, templateSteps(policy).reject()]),
      ];
      const [revision] = whenTemplate(ID, rejected, [proposer, propose(feeChange, true)]);
      expect(revision!.data).toMatchObject({ version: 2 });
      expect(templateAfter(rejected).status).toBe('rejected');
    });
  });
});
