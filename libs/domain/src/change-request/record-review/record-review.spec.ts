import {
  policy,
  ciso,
  command,
  createEmergency,
  given,
  hotfix,
  implement,
  implementer,
  refusal,
  requester,
  stateAfter,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when it is an emergency change', () => {
    it('is reviewed after the fact by someone other than its requester and implementer', () => {
      const history = given([requester, createEmergency(hotfix)], [implementer, implement()]);
      const review = (kind: 'post_hoc') =>
        command('RecordReview', { kind, findings: 'Justified; add WAF rule', policy });
      expect(refusal(history, [requester, review('post_hoc')])).toEqual({
        code: 'CHANGE_REQUEST.SELF_APPROVAL',
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
});
