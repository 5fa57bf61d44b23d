import { person, policy } from '../../change-request/testing/specs';
import { refusalOf } from '../../testing/refusal';
import {
  type RequestStandingException,
  requestStandingException,
} from '../request-standing-exception/request-standing-exception';
import { foldStandingExceptions, type StandingExceptions } from '../standing-exception';
import { StandingExceptionError } from '../standing-exception.errors';
import { type StandingExceptionEvent } from '../standing-exception.events';
import {
  type ApproveStandingException,
  approveStandingException,
} from './approve-standing-exception';

const changeManager = person('carl', 'change-manager');
const head = person('hana', 'head-of-engineering');
const officer = person('omar', 'security-officer');
const engineer = person('user-123', 'engineer');
const pipeline = { id: 'ci', kind: 'service' as const, roles: ['change-manager'] };
const at = '2025-02-01T09:00:00.000Z';

const request = (
  actor = changeManager,
  data: Partial<RequestStandingException['data']> = {},
): RequestStandingException => ({
  type: 'RequestStandingException',
  data: {
    deviation: 'The SAST scanner is being replaced',
    riskAssessment: 'Payments deploys behind a feature flag',
    gates: ['security_scan', 'security_scan', 'code_review'],
    services: ['payments'],
    from: '2025-02-01T00:00:00Z',
    to: '2025-02-08T00:00:00Z',
    ...data,
  },
  metadata: { actor, at },
});
const signOff = (
  actor: ApproveStandingException['metadata']['actor'],
  exceptionId = 'EXC-0001',
): ApproveStandingException => ({
  type: 'ApproveStandingException',
  data: { exceptionId, role: null },
  metadata: { actor, at },
});

const refusal = (decide: () => StandingExceptionEvent[]) =>
  refusalOf(StandingExceptionError, decide);

describe('A policy exception for a service and a period', () => {
  const requested = () =>
    foldStandingExceptions(requestStandingException(request(), new Map(), policy));

  describe('when requested', () => {
    it('records the deviation, its risk, the gates it waives, the services and the period, numbered', () => {
      const events = requestStandingException(request(), new Map(), policy);
      expect(events).toEqual([
        {
          type: 'StandingExceptionRequested',
          data: {
            exceptionId: 'EXC-0001',
            deviation: 'The SAST scanner is being replaced',
            riskAssessment: 'Payments deploys behind a feature flag',
            gates: ['security_scan', 'code_review'],
            services: ['payments'],
            from: '2025-02-01T00:00:00.000Z',
            to: '2025-02-08T00:00:00.000Z',
            requestedBy: 'carl',
            requestedAt: at,
          },
        },
      ]);
      expect(requestStandingException(request(head), requested(), policy)[0]!.data).toMatchObject({
        exceptionId: 'EXC-0002',
      });
    });

    it('is requested by a person holding a change-manager or sign-off role, never a service', () => {
      expect(refusal(() => requestStandingException(request(engineer), new Map(), policy))).toEqual(
        {
          code: 'POLICY_EXCEPTION.MISSING_ROLE',
          kind: 'forbidden',
        },
      );
      expect(refusal(() => requestStandingException(request(pipeline), new Map(), policy))).toEqual(
        {
          code: 'POLICY_EXCEPTION.NOT_A_PERSON',
          kind: 'forbidden',
        },
      );
    });

    it('names at least one waivable gate and one service, and a period that ends after it starts', () => {
      const invalid = (data: Partial<RequestStandingException['data']>) =>
        refusal(() => requestStandingException(request(changeManager, data), new Map(), policy));
      for (const data of [
        { gates: [] },
        { gates: ['approval'] },
        { services: [] },
        { services: [' '] },
        { to: '2025-01-01T00:00:00Z' },
        { from: 'soon' },
        { deviation: '' },
      ])
        expect(invalid(data)).toEqual({ code: 'POLICY_EXCEPTION.INVALID', kind: 'invalid' });
    });
  });

  describe('when signed off', () => {
    it('is approved once the Head of Engineering and the Security Officer, two people, signed it', () => {
      const first = approveStandingException(signOff(head), requested(), policy);
      expect(first.map((event) => event.type)).toEqual(['StandingExceptionSignedOff']);
      const afterFirst: StandingExceptions = foldStandingExceptions([
        ...requestStandingException(request(), new Map(), policy),
        ...first,
      ]);
      const second = approveStandingException(signOff(officer), afterFirst, policy);
      expect(second.map((event) => event.type)).toEqual([
        'StandingExceptionSignedOff',
        'StandingExceptionApproved',
      ]);
      const approved = foldStandingExceptions([
        ...requestStandingException(request(), new Map(), policy),
        ...first,
        ...second,
      ]).get('EXC-0001')!;
      expect(approved).toMatchObject({ approved: true, approvedAt: at });
      expect(refusal(() => approveStandingException(signOff(head), afterFirst, policy))).toEqual({
        code: 'POLICY_EXCEPTION.ONE_APPROVAL_PER_PERSON',
        kind: 'forbidden',
      });
    });

    it('is never signed off by its requester, a service, a role the policy does not name, twice', () => {
      const mine = foldStandingExceptions(
        requestStandingException(request(head), new Map(), policy),
      );
      expect(refusal(() => approveStandingException(signOff(head), mine, policy))).toEqual({
        code: 'POLICY_EXCEPTION.SELF_APPROVAL',
        kind: 'forbidden',
      });
      expect(
        refusal(() => approveStandingException(signOff(engineer), requested(), policy)),
      ).toEqual({
        code: 'POLICY_EXCEPTION.MISSING_ROLE',
        kind: 'forbidden',
      });
      expect(
        refusal(() =>
          approveStandingException(
            signOff({ id: 'bot', kind: 'service', roles: ['security-officer'] }),
            requested(),
            policy,
          ),
        ),
      ).toEqual({ code: 'POLICY_EXCEPTION.NOT_A_PERSON', kind: 'forbidden' });
      expect(
        refusal(() => approveStandingException(signOff(head, 'EXC-0404'), requested(), policy)),
      ).toEqual({ code: 'POLICY_EXCEPTION.NOT_FOUND', kind: 'not_found' });
    });
  });
});
