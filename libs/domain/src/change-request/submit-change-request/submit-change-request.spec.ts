import { type StandardTemplatesInForce } from '../../standard-change/standard-change-template.model';
import { givenTemplate, templateAfter } from '../../standard-change/testing/template-specs';
import {
  changeManager,
  feeChange,
  manager,
  proposer,
  securityTeam,
  templateSteps,
  watcher,
} from '../../standard-change/testing/template-steps';
import { type ContentInput } from '../change-request.commands';
import {
  amend,
  command,
  create,
  dependencyUpdate,
  fullyApproved,
  given,
  implement,
  policy,
  refusal,
  refusedWith,
  requester,
  standardTemplates,
  stateAfter,
  submit,
  types,
  when,
} from '../testing/specs';

const steps = templateSteps(policy);
/** A catalogue whose `payment-fee-update` template has gone through the given steps. */
const withFeeTemplate = (
  ...more: Parameters<typeof givenTemplate>[1][]
): StandardTemplatesInForce => ({
  ...standardTemplates,
  'payment-fee-update': templateAfter(
    givenTemplate(
      'payment-fee-update',
      [proposer, steps.propose()],
      [changeManager, steps.approve()],
      [manager, steps.approve()],
      [securityTeam, steps.approve()],
      ...more,
    ),
  ),
});
const feeUpdate: ContentInput = {
  title: 'Raise the card fee to 1.9%',
  description: 'Within the agreed range',
  changeType: 'configuration',
  category: 'standard',
  standardTemplateId: 'payment-fee-update',
  priority: 'low',
  riskLevel: 'low',
  affectedSystems: ['payments-api', 'Payments-Ledger'],
  testPlan: 'Fee preview in staging',
};
const createUnder = (templates: StandardTemplatesInForce, content: ContentInput, submit = true) =>
  command('CreateChangeRequest', { content, submit, policy, standardTemplates: templates });
const fallback = {
  ...policy,
  standardChanges: { ...policy.standardChanges, outsideTemplate: 'normal_change' as const },
};

describe('ChangeRequest', () => {
  describe('when it is a standard change', () => {
    it('is pre-approved by a template in force it fits, with the template’s rollback plan filled in', () => {
      const events = when([], [requester, create(dependencyUpdate)]);
      expect(types(events)).toEqual([
        'ChangeRequestCreated',
        'ChangeRequestSubmitted',
        'StandardChangePreApproved',
      ]);
      expect(events[2]!.data).toMatchObject({
        templateId: 'dependency-update',
        templateVersion: 1,
      });
      expect(stateAfter(events)).toMatchObject({
        status: 'approved',
        requiredApprovals: [],
        requesterId: 'user-123',
        content: { rollbackPlan: { owner: 'the requester', timeEstimateMinutes: 30 } },
      });
    });

    it('is refused when it does not fit: a security, critical, high-risk change without a test plan under dependency-update', () => {
      const walkAround: ContentInput = {
        ...dependencyUpdate,
        changeType: 'security',
        priority: 'critical',
        riskLevel: 'high',
        testPlan: null,
      };
      const error = refusedWith([], [requester, create(walkAround)]);
      expect(error).toMatchObject({
        code: 'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE',
        kind: 'invalid',
      });
      expect(error.fields.map((problem) => problem.field)).toEqual([
        'change_type',
        'priority',
        'risk_level',
        'test_plan',
      ]);
      expect(error.fields[0]!.reason).toContain('bugfix');
    });

    it('states its risk level, and names each affected system its template does not cover', () => {
      const error = refusedWith(
        [],
        [
          requester,
          createUnder(withFeeTemplate(), {
            ...feeUpdate,
            riskLevel: null,
            affectedSystems: ['payments-api', 'auth-service'],
          }),
        ],
      );
      expect(error.fields).toEqual([
        { field: 'risk_level', reason: expect.stringContaining('at most low') },
        { field: 'affected_systems[1]', reason: expect.stringContaining('payments-*') },
      ]);
      expect(types(when([], [requester, createUnder(withFeeTemplate(), feeUpdate)]))).toContain(
        'StandardChangePreApproved',
      );
    });

    it('keeps a complete rollback plan: a plan in prose is not the five parts', () => {
      const error = refusedWith(
        [],
        [requester, create({ ...dependencyUpdate, rollbackPlan: 'Revert it' })],
      );
      expect(error.fields).toEqual([{ field: 'rollback_plan', reason: expect.any(String) }]);
    });

    it('refuses a template that is not in the catalogue, and fails closed when none is given', () => {
      expect(
        refusal(
          [],
          [requester, create({ ...dependencyUpdate, standardTemplateId: 'anything-goes' })],
        ),
      ).toEqual({ code: 'CHANGE_REQUEST.INVALID', kind: 'invalid' });
      expect(
        refusal(
          [],
          [
            requester,
            command('CreateChangeRequest', { content: dependencyUpdate, submit: true, policy }),
          ],
        ),
      ).toEqual({ code: 'CHANGE_REQUEST.INVALID', kind: 'invalid' });
    });

    it('is pre-approved by no template that is suspended, retired or never approved', () => {
      const suspended = withFeeTemplate([watcher, steps.suspend('CHG-2026-004')]);
      const error = refusedWith([], [requester, createUnder(suspended, feeUpdate)]);
      expect(error).toMatchObject({
        code: 'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE',
        kind: 'conflict',
      });
      expect(error.fields).toEqual([
        { field: 'standard_template_id', reason: expect.stringContaining('CHG-2026-004') },
      ]);
      const retired = withFeeTemplate([changeManager, steps.retire()]);
      expect(refusal([], [requester, createUnder(retired, feeUpdate)])).toMatchObject({
        code: 'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE',
      });
      const proposedOnly = {
        'payment-fee-update': templateAfter(
          givenTemplate('payment-fee-update', [proposer, steps.propose(feeChange)]),
        ),
      };
      expect(refusal([], [requester, createUnder(proposedOnly, feeUpdate)])).toMatchObject({
        code: 'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE',
      });
    });

    it('is judged when submitted, against the template as it is then', () => {
      const draft = given([requester, createUnder(withFeeTemplate(), feeUpdate, false)]);
      expect(stateAfter(draft).status).toBe('draft');
      const suspended = withFeeTemplate([watcher, steps.suspend('CHG-2026-004')]);
      expect(
        refusal(draft, [
          requester,
          command('SubmitChangeRequest', { policy, standardTemplates: suspended }),
        ]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.STANDARD_TEMPLATE_NOT_IN_FORCE' });
    });

    it('stays inside its template when amended after pre-approval', () => {
      const approved = given([requester, create(dependencyUpdate)]);
      expect(refusal(approved, [requester, amend({ priority: 'high' })])).toEqual({
        code: 'CHANGE_REQUEST.OUTSIDE_STANDARD_TEMPLATE',
        kind: 'invalid',
      });
      const amended = when(approved, [requester, amend({ title: 'Bump lodash to 4.17.22' })]);
      expect(stateAfter([...approved, ...amended]).status).toBe('approved');
    });

    describe('and the policy makes a misfit a normal change', () => {
      const walkAround: ContentInput = {
        ...dependencyUpdate,
        changeType: 'security',
        priority: 'critical',
        riskLevel: 'high',
      };
      const filed = () =>
        given([
          requester,
          command('CreateChangeRequest', {
            content: walkAround,
            submit: true,
            policy: fallback,
            standardTemplates,
          }),
        ]);

      it('records it as a normal change for its approvers, saying why', () => {
        const events = filed();
        expect(types(events)).toEqual([
          'ChangeRequestCreated',
          'ChangeRequestAmended',
          'ChangeRequestSubmitted',
        ]);
        expect(events[1]!.data).toMatchObject({
          content: { category: 'normal', standardTemplateId: null },
          changedFields: ['category', 'standardTemplateId'],
        });
        expect(events[2]!.data).toMatchObject({
          standardFallback: {
            templateId: 'dependency-update',
            templateVersion: 1,
            problems: [{ field: 'change_type' }, { field: 'priority' }, { field: 'risk_level' }],
          },
        });
        expect(stateAfter(events)).toMatchObject({
          status: 'pending_approval',
          content: { category: 'normal' },
          requiredApprovals: [
            { role: 'security-team' },
            { role: 'engineering-manager' },
            { role: 'change-manager' },
            { role: 'qa' },
          ],
        });
      });

      it('waits for its approvers, and is then not implemented by its own requester', () => {
        expect(refusal(filed(), [requester, implement()])).toMatchObject({
          code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
        });
        const history = fullyApproved().reduce(
          (events, step) => [...events, ...when(events, step)],
          filed(),
        );
        expect(stateAfter(history).status).toBe('approved');
        expect(refusal(history, [requester, implement()])).toMatchObject({
          code: 'CHANGE_REQUEST.REQUESTER_MAY_NOT_IMPLEMENT',
        });
      });

      it('still needs what a normal change needs: a test plan where testing is required', () => {
        expect(
          refusal(
            [],
            [
              requester,
              command('CreateChangeRequest', {
                content: { ...walkAround, testPlan: null },
                submit: true,
                policy: fallback,
                standardTemplates,
              }),
            ],
          ),
        ).toEqual({ code: 'CHANGE_REQUEST.INCOMPLETE', kind: 'invalid' });
      });
    });

    it('is submitted from a draft by the one submit command', () => {
      const draft = given([requester, create(dependencyUpdate, false)]);
      expect(types(when(draft, [requester, submit()]))).toEqual([
        'ChangeRequestSubmitted',
        'StandardChangePreApproved',
      ]);
    });
  });
});
