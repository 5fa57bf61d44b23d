import {
  command,
  create,
  fullyApproved,
  given,
  implement,
  implementer,
  policy,
  refusal,
  requester,
  types,
  when,
} from '../testing/specs';

describe('ChangeRequest', () => {
  describe('when cancelled', () => {
    it('is cancelled before implementation by its requester', () => {
      expect(
        types(
          when(given([requester, create()]), [
            requester,
            command('CancelChangeRequest', { reason: 'superseded', policy }),
          ]),
        ),
      ).toEqual(['ChangeRequestCancelled']);
    });

    it('cannot be cancelled once implementation has started', () => {
      const history = given([requester, create()], ...fullyApproved(), [implementer, implement()]);
      expect(
        refusal(history, [requester, command('CancelChangeRequest', { reason: 'late', policy })]),
      ).toMatchObject({ code: 'CHANGE_REQUEST.TRANSITION_NOT_ALLOWED' });
    });
  });
});
