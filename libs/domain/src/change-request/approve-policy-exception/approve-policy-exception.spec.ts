import {
  changeManager,
  command,
  create,
  given,
  nobody,
  person,
  policy,
  refusal,
  refusedWith,
  requester,
  stateAfter,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when an exception to policy is requested', () => {
    const head = person('hana', 'head-of-engineering');
    const officer = person('omar', 'security-officer');
    const requestException = command('RequestPolicyException', {
      deviation: 'Deploy outside the maintenance window',
      riskAssessment: 'Low traffic; rollback in 5 minutes',
      policy,
      gates: ['deployment_window'],
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

    it('is requested by the requester or a change manager, and signed off by 002 §5 roles only', () => {
      const history = given([requester, create()]);
      expect(refusal(history, [nobody, requestException])).toEqual({
        code: 'CHANGE_REQUEST.NOT_THE_REQUESTER',
        kind: 'forbidden',
      });
      const requested = [...history, ...when(history, [requester, requestException])];
      expect(refusal(requested, [nobody, signOff()])).toEqual({
        code: 'CHANGE_REQUEST.NOT_AN_APPROVER',
        kind: 'forbidden',
      });
    });

    it('is never signed off by the requester', () => {
      const history = given([requester, create()], [requester, requestException]);
      expect(
        refusal(history, [person('user-123', 'head-of-engineering'), signOff()]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.SELF_APPROVAL' });
    });

    it('is never signed off by whoever requested the exception, as a standing one is not', () => {
      // A change manager who also signs off exceptions asks for one on someone else's change.
      const managingHead = person('mia', 'change-manager', 'head-of-engineering');
      const history = given([requester, create()], [managingHead, requestException]);
      expect(refusal(history, [managingHead, signOff()])).toMatchObject({
        code: 'CHANGE_REQUEST.SELF_APPROVAL',
        kind: 'forbidden',
      });
      const signed = [...history, ...when(history, [head, signOff()])];
      expect(refusal(signed, [managingHead, signOff()])).toMatchObject({
        code: 'CHANGE_REQUEST.SELF_APPROVAL',
      });
      expect(types(when(signed, [officer, signOff()]))).toEqual([
        'PolicyExceptionSignedOff',
        'PolicyExceptionApproved',
      ]);
    });

    it('is signed off once by one person, whatever roles they hold', () => {
      const both = person('bo', 'head-of-engineering', 'security-officer');
      const history = given([requester, create()], [requester, requestException]);
      const first = when(history, [
        both,
        command('ApprovePolicyException', { role: 'head-of-engineering', policy }),
      ]);
      expect(types(first)).toEqual(['PolicyExceptionSignedOff']);
      expect(
        refusal(
          [...history, ...first],
          [both, command('ApprovePolicyException', { role: 'security-officer', policy })],
        ),
      ).toMatchObject({ code: 'CHANGE_REQUEST.ONE_APPROVAL_PER_PERSON' });
    });

    it('names the gates it waives, numbered in the order requested; one at a time', () => {
      const history = given([requester, create()], [requester, requestException]);
      expect(stateAfter(history).exceptions).toEqual([
        expect.objectContaining({
          id: 'CHG-2025-001-EXC-1',
          gates: ['deployment_window'],
          requestedBy: 'user-123',
          approved: false,
        }),
      ]);
      expect(refusal(history, [changeManager, requestException])).toMatchObject({
        code: 'CHANGE_REQUEST.EXCEPTION_PENDING',
      });
      const approved = [
        ...history,
        ...when(history, [head, signOff()]),
        ...when([...history, ...when(history, [head, signOff()])], [officer, signOff()]),
      ];
      const second = when(approved, [changeManager, requestException]);
      expect(second[0]!.data).toMatchObject({ exceptionId: 'CHG-2025-001-EXC-2' });
      const exceptions = stateAfter([...approved, ...second]).exceptions;
      expect(exceptions.map(({ id, approved: done }) => [id, done])).toEqual([
        ['CHG-2025-001-EXC-1', true],
        ['CHG-2025-001-EXC-2', false],
      ]);
    });

    it('refuses a gate that is never waived, or that is no gate, naming the field', () => {
      const history = given([requester, create()]);
      const waive = (gates: string[]) =>
        command('RequestPolicyException', { deviation: 'd', riskAssessment: 'r', gates, policy });
      for (const gates of [['approval'], ['rollback_plan'], ['dance']]) {
        const error = refusedWith(history, [requester, waive(gates)]);
        expect(error.code).toBe('CHANGE_REQUEST.INVALID');
        expect(error.fields).toEqual([
          { field: 'gates', reason: expect.stringContaining(gates[0]!) },
        ]);
      }
    });

    it('replays an exception recorded before exceptions named gates: its id by order, waiving nothing', () => {
      const history = given([requester, create()]);
      const legacy = {
        type: 'PolicyExceptionRequested' as const,
        data: {
          changeRequestId: 'CHG-2025-001',
          by: 'user-123',
          at: '2025-01-27T10:30:00.000Z',
          deviation: 'Deploy outside the window',
          riskAssessment: 'Low traffic',
        },
      };
      const signedOff = when([...history, legacy], [head, signOff()]);
      expect(signedOff[0]!.data).toMatchObject({ exceptionId: 'CHG-2025-001-EXC-1' });
      expect(stateAfter([...history, legacy, ...signedOff]).exceptions).toEqual([
        expect.objectContaining({
          id: 'CHG-2025-001-EXC-1',
          gates: [],
          approvals: [{ approverId: 'hana', role: 'head-of-engineering' }],
        }),
      ]);
    });
  });
});
