import {
  command,
  create,
  given,
  nobody,
  person,
  policy,
  refusal,
  requester,
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
  });
});
