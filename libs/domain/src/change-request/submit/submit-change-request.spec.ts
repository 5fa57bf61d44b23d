import { type ContentInput } from '../change-request.commands';
import { create, mfa, refusal, requester, stateAfter, types, when } from '../testing/specs';

describe('ChangeRequest', () => {
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
});
