import { type Policy, type ServiceMandate } from '../policy/policy';
import { catalogueOf } from '../standard-change/testing/template-specs';
import { type ContentInput } from './change-request.commands';
import { type Actor } from './change-request.model';
import {
  approve,
  changeManager,
  command,
  complete,
  create,
  createEmergency,
  dependencyUpdate,
  fullyApproved,
  given,
  hotfix,
  implement,
  implemented,
  implementer,
  mfa,
  policy,
  refusal,
  requester,
  type Step,
  types,
  verify,
  when,
} from './testing/specs';

/** A service whose credential holds every role a person could: roles never make it one. */
const bot: Actor = {
  id: 'ci-bot',
  kind: 'service',
  roles: [
    'engineer',
    'change-manager',
    'engineering-manager',
    'security-team',
    'qa',
    'ciso',
    'head-of-engineering',
    'security-officer',
  ],
};
const notAPerson = { code: 'CHANGE_REQUEST.NOT_A_PERSON', kind: 'forbidden' };

const naming = (...services: ServiceMandate[]): Policy => ({ ...policy, services });
// A change that fits the catalogue's `dependency-update` template, so only the principal decides.
const standard = dependencyUpdate;
const templatesOf = (policy: Policy) => catalogueOf(policy);
/** The bot files `content` under `mandate`'s policy, judged against that policy's catalogue. */
const botFiles = (content: ContentInput, submit: boolean, mandate: Policy): Step => [
  bot,
  command('CreateChangeRequest', {
    content,
    submit,
    policy: mandate,
    standardTemplates: templatesOf(mandate),
  }),
];

describe('ChangeRequest', () => {
  describe('when a service takes a person’s step the policy names it for no one', () => {
    it('refuses it creating a change or an emergency change', () => {
      expect(refusal([], [bot, create()])).toEqual(notAPerson);
      expect(refusal([], [bot, createEmergency(hotfix)])).toEqual(notAPerson);
    });

    it('refuses it every step on a change, whatever roles it holds', () => {
      const draft = given([requester, create(mfa, false)]);
      const submitted = given([requester, create()]);
      const approved = given([requester, create()], ...fullyApproved());
      const steps = [
        [draft, command('SubmitChangeRequest', { policy })],
        [draft, command('AmendChangeRequest', { changes: { title: 'x' }, policy })],
        [draft, command('CancelChangeRequest', { reason: 'no', policy })],
        [draft, command('RequestPolicyException', { deviation: 'd', riskAssessment: 'r', policy })],
        [submitted, approve()],
        [submitted, command('RejectChangeRequest', { role: null, reason: 'no', policy })],
        [
          approved,
          command('ScheduleChange', {
            scheduledFor: '2025-03-01T10:00:00Z',
            scheduledUntil: null,
            maintenanceWindow: false,
            policy,
          }),
        ],
        [approved, implement()],
        [implemented(), verify(0)],
        [implemented(), complete()],
        [
          implemented(),
          command('RollBackChange', { reason: 'r', incidentId: 'INC-1', severity: 'P3', policy }),
        ],
        [
          implemented(),
          command('RecordReview', { kind: 'post_implementation', findings: 'f', policy }),
        ],
        [draft, command('ApprovePolicyException', { role: null, policy })],
      ] as const;
      for (const [history, step] of steps) {
        expect(refusal(history, [bot, step])).toEqual(notAPerson);
      }
    });
  });

  describe('when the policy names a service for a step', () => {
    const bots = naming({ principal: 'ci-bot', steps: ['create'], categories: ['standard'] });

    it('lets it take that step on the categories named, as anyone would', () => {
      const events = when([], botFiles(standard, true, bots));
      expect(types(events)).toContain('StandardChangePreApproved');
    });

    it('refuses it another category, and another step', () => {
      expect(refusal([], botFiles(mfa, true, bots))).toEqual(notAPerson);
      const filed = given(botFiles(standard, true, bots));
      expect(
        refusal(filed, [bot, command('CancelChangeRequest', { reason: 'no', policy: bots })]),
      ).toEqual(notAPerson);
    });

    it('refuses it an amendment that makes its change another category', () => {
      const amends = naming({
        principal: 'ci-bot',
        steps: ['create', 'amend'],
        categories: ['standard'],
      });
      const filed = given(botFiles(standard, false, amends));
      expect(
        refusal(filed, [
          bot,
          command('AmendChangeRequest', {
            changes: { category: 'normal' },
            policy: amends,
            standardTemplates: templatesOf(amends),
          }),
        ]),
      ).toEqual(notAPerson);
    });

    it('refuses it a change the ledger would record in another category (a standard change that falls back to normal)', () => {
      const fallsBack: Policy = {
        ...naming({ principal: 'ci-bot', steps: ['create', 'submit'], categories: ['standard'] }),
        standardChanges: { ...policy.standardChanges, outsideTemplate: 'normal_change' },
      };
      const misfit = { ...standard, changeType: 'security', priority: 'critical' as const };
      expect(refusal([], botFiles(misfit, true, fallsBack))).toEqual(notAPerson);
      // Filed as a draft, the reclassification comes at submission: refused there.
      const draft = given(botFiles(misfit, false, fallsBack));
      expect(
        refusal(draft, [
          bot,
          command('SubmitChangeRequest', {
            policy: fallsBack,
            standardTemplates: templatesOf(fallsBack),
          }),
        ]),
      ).toEqual(notAPerson);
      // A change manager submitting it is not held to the bot's mandate.
      expect(
        types(
          when(draft, [
            changeManager,
            command('SubmitChangeRequest', {
              policy: fallsBack,
              standardTemplates: templatesOf(fallsBack),
            }),
          ]),
        ),
      ).toContain('ChangeRequestAmended');
    });

    it('never lets it judge, even if a policy were built to say so', () => {
      const judges = naming({
        principal: 'ci-bot',
        steps: ['approve' as never],
        categories: [],
      });
      const submitted = given([requester, create()]);
      expect(
        refusal(submitted, [
          bot,
          command('ApproveChangeRequest', {
            role: null,
            comments: null,
            conditions: [],
            policy: judges,
          }),
        ]),
      ).toEqual(notAPerson);
    });
  });

  describe('when a person takes the step', () => {
    it('holds them to the rules as before', () => {
      const approved = given([requester, create()], ...fullyApproved());
      expect(types(when(approved, [implementer, implement()]))).toContain(
        'ChangeImplementationStarted',
      );
    });
  });
});
