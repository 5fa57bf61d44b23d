import { policy } from '../../change-request/testing/specs';
import {
  givenTemplate,
  templateAfter,
  templateRefusal,
  whenTemplate,
} from '../testing/template-specs';
import {
  changeManager,
  feeChange,
  manager,
  person,
  proposer,
  securityTeam,
  templateSteps,
  watcher,
} from '../testing/template-steps';

const { propose, approve, suspend } = templateSteps(policy);
const ID = 'payment-fee-update';
const proposed = () => givenTemplate(ID, [proposer, propose()]);
const approved = () =>
  givenTemplate(
    ID,
    [proposer, propose()],
    [changeManager, approve()],
    [manager, approve()],
    [securityTeam, approve()],
  );

describe('StandardChangeTemplate', () => {
  describe('when the CAB approves a version', () => {
    it('puts it in force once every CAB role approved, each by a different person', () => {
      const history = givenTemplate(
        ID,
        [proposer, propose()],
        [changeManager, approve()],
        [manager, approve()],
      );
      expect(templateAfter(history).status).toBe('proposed');
      const last = whenTemplate(ID, history, [securityTeam, approve()]);
      expect(last.map((event) => event.type)).toEqual([
        'StandardChangeTemplateApprovalGiven',
        'StandardChangeTemplateApproved',
      ]);
      expect(last[1]!.data).toMatchObject({
        version: 1,
        reapproval: false,
        approvers: [
          { approverId: 'carl', role: 'change-manager' },
          { approverId: 'erin', role: 'engineering-manager' },
          { approverId: 'sam', role: 'security-team' },
        ],
      });
      const template = templateAfter([...history, ...last]);
      expect(template).toMatchObject({ status: 'active', current: { version: 1 }, proposal: null });
      expect(template.current!.definition.affectedSystems).toEqual(['payments-*']);
    });

    it('is never approved by its proposer, nor twice by one person holding two roles', () => {
      const cabMember = person('tess', 'engineer', 'change-manager', 'engineering-manager');
      const byTess = givenTemplate(ID, [cabMember, propose()]);
      expect(templateRefusal(ID, byTess, [cabMember, approve()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.SELF_APPROVAL',
        kind: 'forbidden',
      });
      const twoHats = person('tom', 'change-manager', 'engineering-manager');
      const once = [...proposed(), ...whenTemplate(ID, proposed(), [twoHats, approve()])];
      expect(templateRefusal(ID, once, [twoHats, approve()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.ONE_APPROVAL_PER_PERSON',
        kind: 'forbidden',
      });
    });

    it('refuses a service, a role outside the CAB, a role already given and another version', () => {
      const bot = { id: 'bot', kind: 'service' as const, roles: ['change-manager'] };
      expect(templateRefusal(ID, proposed(), [bot, approve()])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.PERSONS_ONLY',
      });
      expect(templateRefusal(ID, proposed(), [person('quinn', 'qa'), approve()])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
      });
      const one = [...proposed(), ...whenTemplate(ID, proposed(), [changeManager, approve()])];
      expect(templateRefusal(ID, one, [person('cora', 'change-manager'), approve()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.ROLE_ALREADY_APPROVED',
        kind: 'conflict',
      });
      expect(templateRefusal(ID, proposed(), [manager, approve(null, 2)])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.VERSION_MISMATCH',
        kind: 'conflict',
      });
    });

    it('has nothing to approve while a version is in force and none is proposed', () => {
      expect(templateRefusal(ID, approved(), [manager, approve()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.NOTHING_TO_APPROVE',
        kind: 'conflict',
      });
    });

    it('keeps the version in force while a revision awaits approval, then replaces it', () => {
      const revised = [
        ...approved(),
        ...whenTemplate(ID, approved(), [
          proposer,
          propose({ ...feeChange, maxRiskLevel: 'medium' }, true),
        ]),
      ];
      expect(templateAfter(revised)).toMatchObject({
        status: 'active',
        current: { version: 1, definition: { maxRiskLevel: 'low' } },
        proposal: { version: 2 },
      });
      const history = [...revised, ...whenTemplate(ID, revised, [changeManager, approve()])];
      const after = [...history, ...whenTemplate(ID, history, [manager, approve()])];
      const done = [...after, ...whenTemplate(ID, after, [securityTeam, approve()])];
      expect(templateAfter(done)).toMatchObject({
        status: 'active',
        current: { version: 2, definition: { maxRiskLevel: 'medium' } },
      });
      expect(templateAfter(done).versions.map((version) => version.version)).toEqual([1, 2]);
    });
  });

  describe('when an instance was rolled back', () => {
    const suspended = () => [
      ...approved(),
      ...whenTemplate(ID, approved(), [watcher, suspend('CHG-2026-007')]),
    ];

    it('is suspended, naming the instance, until the CAB re-approves it', () => {
      const history = suspended();
      expect(templateAfter(history)).toMatchObject({
        status: 'suspended',
        suspension: { changeRequestId: 'CHG-2026-007', reason: 'rolled_back', approvals: [] },
        suspendedFor: ['CHG-2026-007'],
      });
      const steps = [changeManager, manager, securityTeam];
      const reapproved = steps.reduce(
        (events, who) => [...events, ...whenTemplate(ID, events, [who, approve()])],
        history,
      );
      expect(reapproved.at(-1)).toMatchObject({
        type: 'StandardChangeTemplateApproved',
        data: { version: 1, reapproval: true },
      });
      expect(templateAfter(reapproved)).toMatchObject({
        status: 'active',
        suspension: null,
        current: { version: 1 },
      });
    });

    it('counts each instance once, and a second one starts the re-approval over', () => {
      const history = suspended();
      expect(whenTemplate(ID, history, [watcher, suspend('CHG-2026-007')])).toEqual([]);
      const partly = [...history, ...whenTemplate(ID, history, [changeManager, approve()])];
      expect(templateAfter(partly).suspension!.approvals).toHaveLength(1);
      const again = [
        ...partly,
        ...whenTemplate(ID, partly, [watcher, suspend('CHG-2026-009', 'incident')]),
      ];
      expect(templateAfter(again)).toMatchObject({
        status: 'suspended',
        suspension: { changeRequestId: 'CHG-2026-009', reason: 'incident', approvals: [] },
      });
    });

    it('is lifted by an approved new version as well', () => {
      const history = suspended();
      const revised = [
        ...history,
        ...whenTemplate(ID, history, [
          proposer,
          propose({ ...feeChange, maxPriority: 'low' }, true),
        ]),
      ];
      const done = [changeManager, manager, securityTeam].reduce(
        (events, who) => [...events, ...whenTemplate(ID, events, [who, approve()])],
        revised,
      );
      expect(templateAfter(done)).toMatchObject({
        status: 'active',
        suspension: null,
        current: { version: 2 },
      });
    });

    it('records nothing for a template retired meanwhile', () => {
      const retired = [
        ...approved(),
        ...whenTemplate(ID, approved(), [changeManager, templateSteps(policy).retire()]),
      ];
      expect(whenTemplate(ID, retired, [watcher, suspend('CHG-2026-007')])).toEqual([]);
      expect(templateRefusal(ID, retired, [manager, approve()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.RETIRED',
        kind: 'conflict',
      });
    });
  });
});
