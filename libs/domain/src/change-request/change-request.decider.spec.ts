import { type CiFact } from '../ci/ci-fact';
import { evaluateDeployGates, type GateResult } from '../deploy-gate/deploy-gate';
import { type Policy } from '../policy/policy';
import { addBusinessDays, addOneMonth } from './business-time';
import { decide, evolve, rehydrate } from './change-request.decider';
import { ChangeRequestError } from './change-request.errors';
import {
  type ChangeRequestCommand,
  type ChangeRequestEvent,
  type ContentInput,
} from './change-request.messages';
import { type Actor, type ChangeRequest, type RollbackPlan } from './change-request.model';

const policy: Policy = {
  version: 'spec@1',
  changeTypes: ['security', 'feature', 'bugfix', 'infrastructure', 'configuration'],
  changeTypeAliases: { security_enhancement: 'security' },
  approvalWorkflow: {
    emergency: {
      approvers: ['security-team-lead', 'engineering-manager'],
      approvalTimeoutMinutes: 60,
    },
    high: {
      approvers: ['security-team', 'engineering-manager', 'change-manager'],
      approvalTimeoutMinutes: 24 * 60,
    },
    medium: {
      approvers: ['engineering-manager', 'change-manager'],
      approvalTimeoutMinutes: 72 * 60,
    },
    low: { approvers: ['change-manager'], approvalTimeoutMinutes: 7 * 24 * 60 },
  },
  categoryApprovers: {
    standard: [],
    normal: ['engineering-manager', 'qa'],
    major: ['engineering-manager', 'ciso'],
    emergency: ['ciso'],
  },
  standardChangeCatalogue: [
    {
      id: 'dependency-update',
      title: 'Dependency update',
      changeType: 'bugfix',
      description: 'Patch-level update',
    },
  ],
  testing: {
    requiredFor: ['security', 'infrastructure'],
    testEnvironments: ['staging'],
    coverageRequired: 80,
  },
  emergency: { documentationWithinHours: 24, postHocReviewWithinBusinessDays: 5 },
  verification: { minimumMonitoringMinutes: 30 },
  rollback: { postIncidentReviewWithinBusinessDays: 5 },
  exceptions: { approvers: ['head-of-engineering', 'security-officer'] },
  retention: { years: 3 },
  deployGates: { codeReview: { minimumReviewers: 2, seniorReviewers: [] }, deploymentWindows: [] },
};

const ID = 'CHG-2025-001';
const person = (id: string, ...roles: string[]): Actor => ({ id, kind: 'user', roles });
const requester = person('user-123', 'engineer');
const securityTeam = person('sam', 'security-team');
const manager = person('erin', 'engineering-manager');
const changeManager = person('carl', 'change-manager');
const qa = person('quinn', 'qa');
const implementer = person('engineer-456', 'engineer');

const rollbackPlan: RollbackPlan = {
  triggerCondition: 'Admin logins fail for more than 5 minutes',
  steps: ['Set MFA_REQUIRED=false', 'Redeploy admin-ui'],
  owner: 'engineer-456',
  verificationSteps: ['Admin can log in without MFA'],
  timeEstimateMinutes: 15,
};

/** 004's example change request, with the rollback plan 003 §4 asks for. */
const mfa: ContentInput = {
  title: 'Implement MFA for Admin Access',
  description: 'Add multi-factor authentication requirement',
  changeType: 'security_enhancement',
  priority: 'high',
  affectedSystems: ['authentication-service', 'admin-ui'],
  testingRequired: true,
  testPlan: 'Test MFA enrollment and login flow',
  rollbackPlan,
};

let clock = Date.parse('2025-01-27T10:00:00Z');
const tick = () => new Date((clock += 60_000)).toISOString();

type Step = [Actor, (meta: ChangeRequestCommand['meta']) => ChangeRequestCommand];
const command =
  <C extends ChangeRequestCommand>(type: C['type'], data: C['data']) =>
  (meta: C['meta']) =>
    ({ type, data, meta }) as C;

const create = (content: ContentInput = mfa, submit = true) =>
  command('CreateChangeRequest', { content, submit, policy });
const createEmergency = (content: ContentInput) =>
  command('CreateEmergencyChange', { content, policy });
const approve = (role: string | null = null) =>
  command('ApproveChangeRequest', { role, comments: 'ok', conditions: [], policy });
const implement = () =>
  command('StartImplementation', {
    implementationPlan: 'Deploy',
    scheduledTime: null,
    maintenanceWindow: true,
    policy,
  });
const verify = (monitoringMinutes = 30) =>
  command('RecordVerification', {
    outcome: 'passed',
    monitoringMinutes,
    checks: ['error rate'],
    notes: null,
    policy,
  });
const complete = () =>
  command('CompleteChange', {
    outcome: 'completed',
    testResults: 'All tests passed',
    postImplementationReview: 'No issues',
  });
const amend = (changes: Partial<ContentInput>) =>
  command('AmendChangeRequest', { changes, policy });

/** A low-priority normal change whose only approver is the change manager. */
const approvedByChangeManagerAlone = (): Step[] => [
  [
    requester,
    command('CreateChangeRequest', {
      content: { ...mfa, priority: 'low', category: 'normal' },
      submit: true,
      policy: { ...policy, categoryApprovers: { ...policy.categoryApprovers, normal: [] } },
    }),
  ],
  [changeManager, approve()],
];

/** Given these steps were accepted, the events they recorded. */
function given(...steps: Step[]): ChangeRequestEvent[] {
  return steps.reduce<ChangeRequestEvent[]>((events, [actor, make]) => {
    const at = tick();
    return [...events, ...decide(make({ changeRequestId: ID, actor, at }), rehydrate(events))];
  }, []);
}

function when(
  history: ChangeRequestEvent[],
  [actor, make]: Step,
  at = tick(),
): ChangeRequestEvent[] {
  return decide(make({ changeRequestId: ID, actor, at }), rehydrate(history));
}

function refusal(history: ChangeRequestEvent[], step: Step): { code: string; kind: string } {
  try {
    when(history, step);
  } catch (error) {
    if (error instanceof ChangeRequestError) return { code: error.code, kind: error.kind };
    throw error;
  }
  throw new Error('the command was accepted');
}

const types = (events: ChangeRequestEvent[]) => events.map((event) => event.type);
const stateAfter = (events: ChangeRequestEvent[]) => rehydrate(events) as ChangeRequest;
const fullyApproved = (): Step[] => [
  [securityTeam, approve()],
  [manager, approve()],
  [changeManager, approve()],
  [qa, approve()],
];

describe('ChangeRequest', () => {
  describe('when created', () => {
    it('is submitted for the approvals of its priority and category, due by the policy timeout', () => {
      const events = when([], [requester, create()], '2025-01-27T10:00:00Z');
      expect(types(events)).toEqual(['ChangeRequestCreated', 'ChangeRequestSubmitted']);
      const submitted = events[1]!;
      expect(submitted.data).toMatchObject({
        requiredApprovals: [
          { role: 'security-team' },
          { role: 'engineering-manager' },
          { role: 'change-manager' },
          { role: 'qa' },
        ],
        approvalDueAt: '2025-01-28T10:00:00.000Z',
        policyVersion: 'spec@1',
      });
      expect(stateAfter(events)).toMatchObject({
        status: 'pending_approval',
        requesterId: 'user-123',
      });
    });

    it("records 004's security_enhancement as the security change type it is", () => {
      const [created] = when([], [requester, create()]);
      expect(created!.data).toMatchObject({
        content: { changeTypeRequested: 'security_enhancement', changeType: 'security' },
      });
    });

    it('stays a draft when not submitted, and is submitted later by its requester', () => {
      const draft = given([requester, create(mfa, false)]);
      expect(stateAfter(draft).status).toBe('draft');
      expect(types(when(draft, [requester, command('SubmitChangeRequest', { policy })]))).toEqual([
        'ChangeRequestSubmitted',
      ]);
    });

    it('refuses an unknown change type, naming the field', () => {
      expect(refusal([], [requester, create({ ...mfa, changeType: 'refactor' })])).toEqual({
        code: 'CHANGE_REQUEST.INVALID',
        kind: 'invalid',
      });
    });

    it('refuses a security change without a test plan (testing.required_for)', () => {
      expect(refusal([], [requester, create({ ...mfa, testPlan: null })])).toEqual({
        code: 'CHANGE_REQUEST.INCOMPLETE',
        kind: 'invalid',
      });
    });

    it('refuses the same id twice', () => {
      expect(refusal(given([requester, create()]), [requester, create()])).toMatchObject({
        code: 'CHANGE_REQUEST.ALREADY_EXISTS',
      });
    });
  });

  describe('when it is a standard change', () => {
    const standard: ContentInput = {
      ...mfa,
      changeType: 'bugfix',
      category: 'standard',
      standardTemplateId: 'dependency-update',
      testPlan: null,
    };

    it('is pre-approved from the catalogue, with no per-change approval, and still attributed', () => {
      const events = when([], [requester, create(standard)]);
      expect(types(events)).toEqual([
        'ChangeRequestCreated',
        'ChangeRequestSubmitted',
        'StandardChangePreApproved',
      ]);
      expect(stateAfter(events)).toMatchObject({
        status: 'approved',
        requiredApprovals: [],
        requesterId: 'user-123',
      });
    });

    it('refuses a standard change that follows no catalogue template', () => {
      expect(
        refusal([], [requester, create({ ...standard, standardTemplateId: 'anything-goes' })]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.INVALID' });
    });
  });

  describe('when approved', () => {
    it('records each approval with its role, comments, conditions, content and policy version', () => {
      const events = when(given([requester, create()]), [
        securityTeam,
        command('ApproveChangeRequest', {
          role: null,
          comments: 'aligns with compliance',
          conditions: ['test in staging first'],
          policy,
        }),
      ]);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ChangeApproved',
          data: expect.objectContaining({
            by: 'sam',
            role: 'security-team',
            comments: 'aligns with compliance',
            conditions: ['test in staging first'],
            contentVersion: 1,
            policyVersion: 'spec@1',
          }),
        }),
      ]);
    });

    it('is approved once every required role has approved, each by a different person', () => {
      const history = given(
        [requester, create()],
        [securityTeam, approve()],
        [manager, approve()],
        [changeManager, approve()],
      );
      const events = when(history, [qa, approve()]);
      expect(types(events)).toEqual(['ChangeApproved', 'ChangeRequestApproved']);
      expect(stateAfter([...history, ...events]).status).toBe('approved');
    });

    it('refuses the requester approving their own change', () => {
      const requesterWhoIsAlsoManager = person('user-123', 'engineering-manager');
      expect(refusal(given([requester, create()]), [requesterWhoIsAlsoManager, approve()])).toEqual(
        { code: 'CHANGE_REQUEST.SELF_APPROVAL', kind: 'forbidden' },
      );
    });

    it('refuses one person satisfying two required approvals', () => {
      const twoHats = person('erin', 'engineering-manager', 'change-manager');
      const history = given([requester, create()], [twoHats, approve()]);
      expect(refusal(history, [twoHats, approve('change-manager')])).toEqual({
        code: 'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON',
        kind: 'forbidden',
      });
    });

    it('refuses someone who holds none of the awaited roles', () => {
      expect(refusal(given([requester, create()]), [person('zoe', 'engineer'), approve()])).toEqual(
        { code: 'CHANGE_REQUEST.NOT_AN_APPROVER', kind: 'forbidden' },
      );
    });

    it('refuses a second approval for a role already given', () => {
      const history = given([requester, create()], [manager, approve()]);
      expect(
        refusal(history, [person('eve', 'engineering-manager'), approve('engineering-manager')]),
      ).toEqual({ code: 'CHANGE_REQUEST.ROLE_ALREADY_APPROVED', kind: 'conflict' });
    });

    it('refuses an approval by a service account', () => {
      const bot: Actor = { id: 'ci-bot', kind: 'service', roles: ['security-team'] };
      expect(refusal(given([requester, create()]), [bot, approve()])).toEqual({
        code: 'CHANGE_REQUEST.APPROVER_MUST_BE_A_PERSON',
        kind: 'forbidden',
      });
    });
  });

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

    it('records nothing when nothing changed', () => {
      expect(when(given([requester, create()]), [requester, amend({ title: mfa.title })])).toEqual(
        [],
      );
    });
  });

  describe('when rejected', () => {
    it('is rejected with the reason by a required approver', () => {
      const events = when(given([requester, create()]), [
        securityTeam,
        command('RejectChangeRequest', {
          role: null,
          reason: 'No fallback for lost devices',
          policy,
        }),
      ]);
      expect(events[0]).toMatchObject({
        type: 'ChangeRequestRejected',
        data: { role: 'security-team', reason: 'No fallback for lost devices' },
      });
    });

    it('cannot then be implemented', () => {
      const history = given(
        [requester, create()],
        [securityTeam, command('RejectChangeRequest', { role: null, reason: 'no', policy })],
      );
      expect(refusal(history, [implementer, implement()])).toEqual({
        code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
        kind: 'conflict',
      });
    });
  });

  describe('when cancelled', () => {
    it('is cancelled before implementation by its requester', () => {
      expect(
        types(
          when(given([requester, create()]), [
            requester,
            command('CancelChangeRequest', { reason: 'superseded' }),
          ]),
        ),
      ).toEqual(['ChangeRequestCancelled']);
    });

    it('cannot be cancelled once implementation has started', () => {
      const history = given([requester, create()], ...fullyApproved(), [implementer, implement()]);
      expect(
        refusal(history, [requester, command('CancelChangeRequest', { reason: 'late' })]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED' });
    });
  });

  describe('when implemented', () => {
    it('cannot start before approval', () => {
      expect(refusal(given([requester, create()]), [implementer, implement()])).toEqual({
        code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED',
        kind: 'conflict',
      });
    });

    it('needs a rollback plan with trigger, steps, owner, verification and time estimate', () => {
      const history = given(
        [requester, create({ ...mfa, rollbackPlan: 'Disable MFA requirement via configuration' })],
        ...fullyApproved(),
      );
      expect(refusal(history, [implementer, implement()])).toEqual({
        code: 'CHANGE_REQUEST.INCOMPLETE',
        kind: 'invalid',
      });
    });

    it('is not implemented by the only person who approved it', () => {
      const history = given(...approvedByChangeManagerAlone());
      expect(refusal(history, [changeManager, implement()])).toEqual({
        code: 'CHANGE_REQUEST.IMPLEMENTER_SOLE_APPROVER',
        kind: 'forbidden',
      });
      expect(types(when(history, [implementer, implement()]))).toEqual([
        'ChangeImplementationStarted',
      ]);
    });

    it('can be scheduled first and implemented in its window', () => {
      const history = given([requester, create()], ...fullyApproved(), [
        changeManager,
        command('ScheduleChange', {
          scheduledFor: '2025-01-28T02:00:00Z',
          maintenanceWindow: true,
        }),
      ]);
      expect(stateAfter(history)).toMatchObject({
        status: 'scheduled',
        scheduledFor: '2025-01-28T02:00:00Z',
      });
      expect(types(when(history, [implementer, implement()]))).toEqual([
        'ChangeImplementationStarted',
      ]);
    });
  });

  describe('when completed', () => {
    const implemented = () =>
      given([requester, create()], ...fullyApproved(), [implementer, implement()]);

    it('needs a passed post-deployment verification first', () => {
      expect(refusal(implemented(), [implementer, complete()])).toEqual({
        code: 'CHANGE_REQUEST.VERIFICATION_REQUIRED',
        kind: 'conflict',
      });
    });

    it('refuses a verification shorter than the monitoring period', () => {
      expect(refusal(implemented(), [implementer, verify(10)])).toEqual({
        code: 'CHANGE_REQUEST.INVALID',
        kind: 'invalid',
      });
    });

    it('is completed after verification, with the next review a month later', () => {
      const history = implemented();
      const verified = [...history, ...when(history, [implementer, verify(45)])];
      const events = when(verified, [implementer, complete()], '2025-01-28T03:45:00Z');
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ChangeCompleted',
          data: expect.objectContaining({
            nextReview: '2025-02-28',
            testResults: 'All tests passed',
          }),
        }),
      ]);
      expect(stateAfter([...verified, ...events]).status).toBe('completed');
    });

    it('may instead be recorded as failed', () => {
      const events = when(implemented(), [
        implementer,
        command('CompleteChange', {
          outcome: 'failed',
          testResults: 'smoke tests failed',
          postImplementationReview: null,
        }),
      ]);
      expect(types(events)).toEqual(['ChangeFailed']);
    });
  });

  describe('when rolled back', () => {
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
          command('RecordReview', { kind: 'post_incident', findings: 'Missing feature flag' }),
        ],
        '2025-02-03T10:00:00.000Z',
      );
      expect(review[0]!.data).toMatchObject({ kind: 'post_incident', withinDeadline: true });
    });
  });

  describe('when it is an emergency change', () => {
    const hotfix: ContentInput = {
      title: 'Patch CVE-2025-1234',
      description: 'Critical RCE in auth',
      changeType: 'security',
      priority: 'critical',
      affectedSystems: ['authentication-service'],
    };
    const ciso = person('cleo', 'ciso');
    const lead = person('lee', 'security-team-lead');

    it('is submitted for the emergency approvers with the emergency timeout', () => {
      const events = when([], [requester, createEmergency(hotfix)], '2025-01-27T10:00:00Z');
      expect(events[1]!.data).toMatchObject({
        requiredApprovals: [
          { role: 'security-team-lead' },
          { role: 'engineering-manager' },
          { role: 'ciso' },
        ],
        approvalDueAt: '2025-01-27T11:00:00.000Z',
      });
    });

    it('may be implemented before approval, which starts its 24-hour and 5-business-day clocks', () => {
      const history = given([requester, createEmergency(hotfix)]);
      const events = when(history, [implementer, implement()], '2025-01-31T16:00:00.000Z');
      expect(events[0]).toMatchObject({
        type: 'ChangeImplementationStarted',
        data: {
          approvedBeforeImplementation: false,
          documentationDueAt: '2025-02-01T16:00:00.000Z',
          postHocReviewDueAt: '2025-02-07T16:00:00.000Z',
        },
      });
    });

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

    it('is approved retroactively, by every emergency approver', () => {
      const history = given(
        [requester, createEmergency(hotfix)],
        [implementer, implement()],
        [lead, approve()],
        [manager, approve()],
      );
      const events = when(history, [ciso, approve()]);
      expect(types(events)).toEqual(['ChangeApproved', 'EmergencyChangeRetroactivelyApproved']);
      expect(events[0]!.data).toMatchObject({ retroactive: true });
    });

    it('is reviewed after the fact by someone other than its requester and implementer', () => {
      const history = given([requester, createEmergency(hotfix)], [implementer, implement()]);
      const review = (kind: 'post_hoc') =>
        command('RecordReview', { kind, findings: 'Justified; add WAF rule' });
      expect(refusal(history, [requester, review('post_hoc')])).toEqual({
        code: 'CHANGE_REQUEST.SELF_REVIEW',
        kind: 'forbidden',
      });
      expect(refusal(history, [implementer, review('post_hoc')])).toEqual({
        code: 'CHANGE_REQUEST.SELF_REVIEW',
        kind: 'forbidden',
      });
      const events = when(history, [ciso, review('post_hoc')]);
      expect(events[0]!.data).toMatchObject({ kind: 'post_hoc', withinDeadline: true });
      expect(stateAfter([...history, ...events]).emergency?.postHocReview?.metAt).not.toBeNull();
    });
  });

  describe('when an exception to policy is requested', () => {
    const head = person('hana', 'head-of-engineering');
    const officer = person('omar', 'security-officer');
    const requestException = command('RequestPolicyException', {
      deviation: 'Deploy outside the maintenance window',
      riskAssessment: 'Low traffic; rollback in 5 minutes',
    });
    const signOff = () => command('ApprovePolicyException', { role: null, policy });

    it('is approved by the Head of Engineering and the Security Officer, two people', () => {
      const history = given([requester, create()], [requester, requestException]);
      const first = when(history, [head, signOff()]);
      expect(types(first)).toEqual(['PolicyExceptionSignedOff']);
      expect(types(when([...history, ...first], [officer, signOff()]))).toEqual([
        'PolicyExceptionSignedOff',
        'PolicyExceptionApproved',
      ]);
      expect(refusal([...history, ...first], [head, signOff()])).toMatchObject({
        code: 'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON',
      });
    });

    it('is never signed off by the requester', () => {
      const history = given([requester, create()], [requester, requestException]);
      expect(
        refusal(history, [person('user-123', 'head-of-engineering'), signOff()]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.SELF_APPROVAL' });
    });
  });

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

  describe('when a command names a change request that does not exist', () => {
    it('is refused as not found', () => {
      expect(refusal([], [securityTeam, approve()])).toEqual({
        code: 'CHANGE_REQUEST.NOT_FOUND',
        kind: 'not_found',
      });
    });
  });
});

describe('deadlines', () => {
  it('count business days, skipping weekends', () => {
    expect(addBusinessDays('2025-01-31T16:00:00.000Z', 5)).toBe('2025-02-07T16:00:00.000Z'); // Friday → Friday
    expect(addBusinessDays('2025-02-01T09:00:00.000Z', 1)).toBe('2025-02-03T09:00:00.000Z'); // Saturday → Monday
  });

  it('put the next review on the same day next month, or its last day', () => {
    expect(addOneMonth('2025-01-28T03:45:00Z')).toBe('2025-02-28');
    expect(addOneMonth('2025-01-31T03:45:00Z')).toBe('2025-02-28');
  });
});

describe('evolve', () => {
  it('ignores events before a change request exists', () => {
    expect(
      evolve(
        { status: 'absent' },
        {
          type: 'ChangeRequestCancelled',
          data: { changeRequestId: ID, by: 'x', at: tick(), reason: 'r' },
        },
      ),
    ).toEqual({ status: 'absent' });
  });
});

describe('ChangeRequest with CI facts', () => {
  const pipeline: Actor = { id: 'github.com/acme/auth', kind: 'service', roles: [] };
  let serial = 0;
  const fact = (overrides: Partial<CiFact>): CiFact => ({
    source: 'github.com/acme/auth',
    id: `run-${++serial}`,
    kind: 'deployment',
    format: 'native',
    sourceType: 'deployment',
    occurredAt: tick(),
    actor: 'deploy-bot',
    environment: 'production',
    service: 'authentication-service',
    changeRequestId: ID,
    commitSha: null,
    pullRequest: null,
    artifact: null,
    outcome: 'success',
    tests: null,
    findings: null,
    incident: null,
    review: null,
    ...overrides,
  });
  const report = (reported: CiFact): Step => [
    { ...pipeline, id: reported.actor ?? reported.source },
    command('RecordCiFact', { fact: reported, policy }),
  ];
  const approved = () => given([requester, create()], ...fullyApproved());

  describe('when a production deployment is reported', () => {
    it('starts the implementation of an approved change, and it is authorized', () => {
      const events = when(approved(), report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      expect(events[0]!.data).toMatchObject({ authorized: true, reason: null });
      expect(events[1]!.data.by).toBe('deploy-bot');
    });

    it('is recorded and flagged unauthorized when the change is not approved yet', () => {
      const pending = given([requester, create()], [securityTeam, approve()]);
      const events = when(pending, report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(/pending_approval/);
    });

    it('is flagged unauthorized when the rollback plan is incomplete, and does not start it', () => {
      const vague = given(
        [requester, create({ ...mfa, rollbackPlan: 'revert it' })],
        ...fullyApproved(),
      );
      const events = when(vague, report(fact({})));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect((events[0]!.data as { reason: string }).reason).toMatch(/rollback_plan/);
    });

    it('is flagged when the one who deploys approved the change alone (separation of duties)', () => {
      const soleApprover = given(...approvedByChangeManagerAlone());
      expect(stateAfter(soleApprover).status).toBe('approved');
      const events = when(soleApprover, report(fact({ actor: 'carl' })));
      expect(types(events)).toEqual(['DeploymentRecorded']);
      expect(events[0]!.data).toMatchObject({ authorized: false });
      expect((events[0]!.data as { reason: string }).reason).toMatch(/approved .* alone/);
    });

    it('starts the 24-hour documentation clock of an emergency change', () => {
      const hotfix = given([
        requester,
        createEmergency({ ...mfa, priority: 'critical', rollbackPlan: null }),
      ]);
      const events = when(hotfix, report(fact({})), '2025-03-01T08:00:00.000Z');
      expect(types(events)).toEqual(['DeploymentRecorded', 'ChangeImplementationStarted']);
      expect(events[1]!.data).toMatchObject({ documentationDueAt: '2025-03-02T08:00:00.000Z' });
      expect(events[0]!.data).toMatchObject({ authorized: true });
    });

    it('records a failed deployment without moving the change along', () => {
      const events = when(approved(), report(fact({ outcome: 'failure' })));
      expect(types(events)).toEqual(['DeploymentRecorded']);
    });

    it('records the same fact delivered twice once', () => {
      const deployed = fact({});
      const history = [...approved(), ...when(approved(), report(deployed))];
      expect(when(history, report(deployed))).toEqual([]);
    });

    it('does not judge a deployment outside production', () => {
      const pending = given([requester, create()]);
      const events = when(pending, report(fact({ environment: 'staging' })));
      expect(events[0]!.data).toMatchObject({ authorized: null, reason: null });
    });
  });

  describe('when a production rollback is reported', () => {
    it('rolls the change back and opens a P3 incident with its review deadline (003 §4)', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const events = when(implementing, report(fact({ kind: 'rollback', outcome: 'success' })));
      expect(types(events)).toEqual(['RollbackRecorded', 'ChangeRolledBack', 'IncidentRecorded']);
      expect(events[2]!.data).toMatchObject({ incidentId: `INC-${ID}`, severity: 'P3' });
      expect(stateAfter([...implementing, ...events]).status).toBe('rolled_back');
    });

    it('keeps the incident the pipeline named', () => {
      const implementing = given(...[...approvedSteps(), report(fact({}))]);
      const incident = { id: 'INC-77', severity: 'P1' as const, phase: 'detected' as const };
      const events = when(implementing, report(fact({ kind: 'rollback', incident })));
      expect(events[2]!.data).toMatchObject({ incidentId: 'INC-77', severity: 'P1' });
    });
  });

  describe('the deploy gate', () => {
    const gatePolicy: Policy = {
      ...policy,
      deployGates: {
        codeReview: { minimumReviewers: 2, seniorReviewers: ['sara'] },
        deploymentWindows: [
          { days: ['mon', 'tue', 'wed', 'thu'], startMinute: 360, endMinute: 960 },
        ],
      },
    };
    const review = (reviewer: string, decision: 'approved' | 'changes_requested' = 'approved') =>
      report(fact({ kind: 'code_review', environment: null, review: { reviewer, decision } }));
    const evidence = (): Step[] => [
      review('sara'),
      review('tom'),
      report(fact({ kind: 'test_run', environment: 'ci', tests: { total: 120, failed: 0 } })),
      report(
        fact({ kind: 'security_scan', environment: null, findings: { critical: 0, high: 0 } }),
      ),
      report(fact({ kind: 'deployment', environment: 'staging' })),
    ];
    const gate = (
      events: ChangeRequestEvent[],
      now = '2025-02-04T10:00:00.000Z',
      env = 'production',
    ) => evaluateDeployGates(stateAfter(events), env, gatePolicy, now);
    const status = (gates: GateResult[]) =>
      Object.fromEntries(gates.map((result) => [result.gate, result.status]));

    it('allows an approved change with all its evidence inside a window', () => {
      const result = gate(given(...approvedSteps(), ...evidence()));
      expect(result.decision).toBe('allow');
      expect(new Set(Object.values(status(result.gates)))).toEqual(new Set(['passed']));
      expect(result.gates.find((g) => g.gate === 'code_review')!.evidence).toMatchObject({
        senior_reviewers: ['sara'],
      });
    });

    it('denies with every missing gate named at once', () => {
      const result = gate(given([requester, create()]), '2025-02-08T10:00:00.000Z');
      expect(result.decision).toBe('deny');
      expect(status(result.gates)).toEqual({
        code_review: 'failed',
        automated_tests: 'failed',
        security_scan: 'failed',
        staging_validation: 'failed',
        rollback_plan: 'passed',
        approval: 'failed',
        deployment_window: 'failed',
      });
      expect(result.gates.find((g) => g.gate === 'approval')!.reason).toMatch(
        /awaiting approval by/,
      );
    });

    it('counts a reviewer by their last word, never the author, and needs a senior', () => {
      const history = given(
        ...approvedSteps(),
        ...evidence(),
        review('sara', 'changes_requested'),
        review('user-123'),
      );
      const codeReview = gate(history).gates.find((g) => g.gate === 'code_review')!;
      expect(codeReview.status).toBe('failed');
      expect(codeReview.reason).toMatch(/2 approving reviewers are needed, 1 recorded/);
      expect(codeReview.reason).toMatch(/senior/);
    });

    it('fails on failing tests and on unaddressed high findings', () => {
      const history = given(
        ...approvedSteps(),
        ...evidence(),
        report(fact({ kind: 'test_run', outcome: 'failure', tests: { total: 120, failed: 3 } })),
        report(fact({ kind: 'security_scan', findings: { critical: 0, high: 2 } })),
      );
      const gates = status(gate(history).gates);
      expect(gates).toMatchObject({ automated_tests: 'failed', security_scan: 'failed' });
    });

    it('lets an emergency change through on the emergency path, gates marked not applicable', () => {
      const hotfix = given([requester, createEmergency({ ...mfa, priority: 'critical' })]);
      const result = gate(hotfix, '2025-02-08T03:00:00.000Z');
      expect(result.decision).toBe('allow');
      expect(status(result.gates)).toMatchObject({
        approval: 'passed',
        code_review: 'not_applicable',
        deployment_window: 'not_applicable',
      });
    });

    it('does not gate staging', () => {
      const result = gate(given([requester, create()]), '2025-02-08T03:00:00.000Z', 'staging');
      expect(result.decision).toBe('allow');
    });
  });

  function approvedSteps(): Step[] {
    return [[requester, create()], ...fullyApproved()];
  }
});
