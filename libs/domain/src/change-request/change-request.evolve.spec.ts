import { evolve } from './change-request.evolve';
import { ID, tick } from './testing/specs';

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
