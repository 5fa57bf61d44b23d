import { policy } from '../../change-request/testing/specs';
import {
  givenTemplate,
  templateAfter,
  templateRefusal,
  whenTemplate,
} from '../testing/template-specs';
import { changeManager, person, proposer, templateSteps } from '../testing/template-steps';

const { propose, retire, reject } = templateSteps(policy);
const ID = 'payment-fee-update';

describe('StandardChangeTemplate', () => {
  describe('when retired or rejected', () => {
    it('is retired for good by one CAB member, with the reason', () => {
      const history = givenTemplate(ID, [proposer, propose()]);
      const retired = [...history, ...whenTemplate(ID, history, [changeManager, retire()])];
      expect(templateAfter(retired)).toMatchObject({
        status: 'retired',
        retired: { by: 'carl', reason: 'Replaced by automation' },
      });
      expect(templateRefusal(ID, retired, [changeManager, retire()])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.RETIRED',
      });
      expect(templateRefusal(ID, retired, [proposer, propose(undefined, true)])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.RETIRED',
      });
    });

    it('is retired or rejected only by a CAB role, and not without a reason', () => {
      const history = givenTemplate(ID, [proposer, propose()]);
      expect(templateRefusal(ID, history, [person('quinn', 'qa'), retire()])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
      });
      expect(templateRefusal(ID, history, [proposer, reject()])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.MISSING_ROLE',
      });
      expect(templateRefusal(ID, history, [changeManager, reject(' ')])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.INVALID',
        kind: 'invalid',
      });
    });

    it('has no proposal to reject once none is pending', () => {
      expect(templateRefusal(ID, [], [changeManager, reject()])).toMatchObject({
        code: 'STANDARD_CHANGE_TEMPLATE.NOT_FOUND',
      });
      const history = givenTemplate(ID, [proposer, propose()], [changeManager, reject()]);
      expect(templateAfter(history).status).toBe('rejected');
      expect(templateRefusal(ID, history, [changeManager, reject()])).toEqual({
        code: 'STANDARD_CHANGE_TEMPLATE.NOTHING_TO_REJECT',
        kind: 'conflict',
      });
    });
  });
});
